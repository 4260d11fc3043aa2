using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Identity;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Configuration;

/// <summary>
/// Start-up with a setting that still holds "@Microsoft.KeyVault(...)" (the platform could not resolve it yet):
/// one error naming the setting, 503 problem+json on every request, and service once the secret can be read,
/// with no restart. Key Vault itself is out of reach here: a vault that refuses until the test opens it stands
/// in for the network call, and everything around it (the gate, the retries, the options) is the app's own.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class KeyVaultReferenceTests(AzuriteFixture azurite)
{
    private const string Reference = "@Microsoft.KeyVault(SecretUri=https://kv-ankang-test.vault.azure.cn/secrets/link-signing-key-1/)";

    [Fact]
    public async Task An_unresolved_reference_answers_503_logs_the_setting_once_and_recovers_without_a_restart()
    {
        var vault = new Vault();
        var logs = new Logs();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 25, 8, 0, 0, TimeSpan.FromHours(8)));
        await using var app = await TestApp.StartAsync(azurite, configure: options =>
        {
            options.Settings["Rewards:LinkSigningKeys:k1"] = Reference;
            options.ConfigureServices = services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                services.Replace(ServiceDescriptor.Singleton<SecretFetcher>(vault.FetchAsync));
                services.AddSingleton<ILoggerProvider>(logs);
            };
        });

        foreach (var (method, path, bearer) in new[] { ("GET", "/api/health", null), ("GET", "/api/me", "wt_x"), ("POST", "/api/admin/workers", TestApp.AdminKey) })
        {
            using var request = app.Request(new HttpMethod(method), path, bearer, json: method == "POST" ? new { id = "w-1", displayName = "张伟", unitId = "u" } : null);
            using var response = await app.Http.SendAsync(request);
            var body = Newtonsoft.Json.Linq.JObject.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(503, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("secrets-unavailable", body.Value<string>("code"));
            Assert.Equal(503, body.Value<int>("status"));
            Assert.NotNull(response.Headers.RetryAfter);
        }

        await TestApp.EventuallyAsync(() => Task.FromResult(vault.Attempts > 0), "a first attempt to read the secret");
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Key Vault", StringComparison.Ordinal));
        Assert.Contains("Rewards__LinkSigningKeys__k1", error.Message, StringComparison.Ordinal);
        Assert.Contains("secrets-unavailable", error.Message, StringComparison.Ordinal);

        vault.Open(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await TestApp.EventuallyAsync(
            async () =>
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                var (status, _) = await app.SendAsync(HttpMethod.Get, "/api/health", bearer: null);
                return status == 200;
            },
            "service once the secret can be read");

        // The link is signed and checked with the fetched key: a reference text would not even decode as Base64.
        var token = await app.WorkerAsync("w-1");
        var (me, _) = await app.SendAsync(HttpMethod.Get, "/api/me", bearer: token);
        Assert.Equal(200, me);
        var (forged, _) = await app.SendAsync(HttpMethod.Get, "/api/me", bearer: token[..^4] + "AAAA");
        Assert.Equal(401, forged);
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Key Vault", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_reference_the_app_serves_at_once()
    {
        await using var app = await TestApp.StartAsync(azurite);

        Assert.True(app.Service<SecretReferences>().IsReady);
        var (status, _) = await app.SendAsync(HttpMethod.Get, "/api/health", bearer: null);
        Assert.Equal(200, status);
    }

    private sealed class Vault
    {
        private volatile string? _value;
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public void Open(string value) => _value = value;

        public Task<string> FetchAsync(Uri secretUri, CancellationToken ct)
        {
            Interlocked.Increment(ref _attempts);
            Assert.Equal("https://kv-ankang-test.vault.azure.cn/secrets/link-signing-key-1/", secretUri.ToString());
            return _value is { } value ? Task.FromResult(value) : throw new RequestFailedException(403, "Caller is not authorized to perform action on resource.");
        }
    }

    private sealed class Logs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Logs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Entries.Enqueue((logLevel, category, formatter(state, exception)));
        }
    }
}
