using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Security;

/// <summary>Whatever the log level, no log line carries a worker token or a key.</summary>
[Collection(StorageCollection.Name)]
public sealed class RedactionTests(AzuriteFixture azurite)
{
    private sealed class Everything : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(Everything owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }

    [Fact]
    public async Task A_request_log_shows_the_path_with_the_token_redacted_and_never_the_token()
    {
        var logs = new Everything();
        await using var app = await TestApp.StartAsync(azurite, configure: o =>
        {
            o.Settings["Logging:LogLevel:Default"] = "Trace";
            o.ConfigureServices += s => s.AddSingleton<ILoggerProvider>(logs);
        });
        var token = await app.WorkerAsync("w-1");

        using var page = await app.Http.GetAsync($"/w/{token}");
        await app.SendAsync(HttpMethod.Get, "/api/me", token);
        await app.SendAsync(HttpMethod.Get, $"/api/me?echo={token}", token);
        await app.SendAsync(HttpMethod.Get, "/api/partner/orders", "pk_p-001.0123456789abcdef0123456789abcdef");

        var secret = token[3..];
        Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(TestApp.AdminKey[3..], StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("0123456789abcdef0123456789abcdef", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains($"GET /w/wt_…{token[^4..]} answered 200", StringComparison.Ordinal));
    }
}
