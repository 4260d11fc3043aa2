using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Rewards.DevHost.Hosting;

namespace Rewards.Functions.Tests.Infrastructure;

/// <summary>
/// A DevHost on a free loopback port with tables and queues of its own (a random prefix) in the shared
/// Azurite, real HTTP in front, and optionally a fake clock. One per test: no test sees another's data.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string AdminKey = "ak_test_admin_key_0123456789abcdefghijkl";

    /// <summary>The check-in key of every test app (Base64 of 32 bytes), so a test can compute a screen's code itself.</summary>
    public const string CheckInCodeKey = "Y2hlY2staW4gY29kZSBrZXkgZm9yIHRoZSB0ZXN0cyEh";

    private TestApp(WebApplication app, FakeTimeProvider? clock, string prefix, AnswerRecorder? recorder)
    {
        App = app;
        Clock = clock;
        Prefix = prefix;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = recorder is null ? new HttpClient() : new HttpClient(recorder, disposeHandler: false);
        Http.BaseAddress = new Uri(address);
    }

    public WebApplication App { get; }

    public FakeTimeProvider? Clock { get; }

    public string Prefix { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public static Task<TestApp> StartAsync(AzuriteFixture azurite, FakeTimeProvider? clock = null, Action<DevHostOptions>? configure = null, AnswerRecorder? recorder = null) =>
        StartAsync(azurite.ConnectionString, clock, configure, recorder);

    /// <summary>
    /// Starts a DevHost on <paramref name="connectionString"/>. With a fake <paramref name="clock"/>, every timer
    /// trigger is disabled unless <paramref name="configure"/> names it (see <see cref="OnlyTimers"/>): a test that
    /// moves the clock would otherwise have the outbox sweep or the hourly expiry racing its assertions. With a
    /// <paramref name="recorder"/>, <see cref="Http"/> keeps every answer in it.
    /// </summary>
    public static async Task<TestApp> StartAsync(string connectionString, FakeTimeProvider? clock = null, Action<DevHostOptions>? configure = null, AnswerRecorder? recorder = null)
    {
        var prefix = "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var options = new DevHostOptions();
        options.Settings["urls"] = "http://127.0.0.1:0";
        options.Settings["AzureWebJobsStorage"] = connectionString;
        options.Settings["Rewards:Storage:Prefix"] = prefix;
        options.Settings["Rewards:AdminKeys:0"] = AdminKey;
        options.Settings["Rewards:LinkSigningKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        options.Settings["Rewards:LinkSigningKeys:k2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        options.Settings["Rewards:ActiveLinkSigningKey"] = "k1";
        options.Settings["Rewards:WebhookEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        options.Settings["Rewards:Webhooks:AllowLoopback"] = "true";
        options.Settings["Rewards:CheckInCodeKey"] = CheckInCodeKey;
        options.Settings["Logging:LogLevel:Default"] = "Warning";

        // Tests drive one token far harder than a phone would (parallel rushes, polling); the rate-limit tests
        // put the production limits back.
        foreach (var kind in new[] { "Worker", "Anonymous", "Partner", "Admin" })
        {
            options.Settings[$"Rewards:RateLimits:{kind}:Burst"] = "100000";
            options.Settings[$"Rewards:RateLimits:{kind}:PerSecond"] = "100000";
        }
        if (clock is not null)
        {
            options.ConfigureServices = services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        }

        configure?.Invoke(options);
        if (clock is not null)
        {
            foreach (var timer in FunctionCatalog.Discover(options.FunctionAssemblies).Timers)
            {
                options.Settings.TryAdd(Disabled(timer.Name), "true");
            }
        }

        var app = DevHostApp.Build([], options);
        await app.StartAsync();
        return new TestApp(app, clock, prefix, recorder);
    }

    /// <summary>Disables every timer trigger but <paramref name="enabled"/>, with the host's own switch AzureWebJobs:{Name}:Disabled.</summary>
    public static Action<DevHostOptions> OnlyTimers(params string[] enabled) => options =>
    {
        foreach (var timer in FunctionCatalog.Discover(options.FunctionAssemblies).Timers)
        {
            options.Settings[Disabled(timer.Name)] = enabled.Contains(timer.Name) ? "false" : "true";
        }
    };

    private static string Disabled(string function) => $"AzureWebJobs:{function}:Disabled";

    /// <summary>
    /// Waits until the listeners of <paramref name="queues"/> (every queue when none are named) are idle: nothing
    /// running, no failed message waiting to be retried, and an empty poll after anything sent before this call was
    /// done. An empty peek cannot tell this (a running message is hidden, not done).
    /// </summary>
    public Task IdleAsync(params string[] queues)
    {
        var storage = Service<Microsoft.Extensions.Options.IOptions<Rewards.Functions.Storage.StorageOptions>>().Value;
        return Service<ListenerActivity>().WhenIdleAsync(TimeSpan.FromMinutes(3), [.. queues.Select(storage.Queue)]);
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public HttpRequestMessage Request(HttpMethod method, string path, string? bearer = AdminKey, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return request;
    }

    public async Task<(int Status, JObject Body)> SendAsync(HttpMethod method, string path, string? bearer = AdminKey, object? json = null, string? idempotencyKey = null)
    {
        using var request = Request(method, path, bearer, json);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await SendAsync(request);
    }

    public async Task<(int Status, JObject Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? [] : JObject.Parse(text));
    }

    /// <summary>Creates a worker through the admin API and returns a token from a freshly issued link.</summary>
    public async Task<string> WorkerAsync(string id, string unit = "unit-a", string name = "测试职工")
    {
        var (created, _) = await SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id, displayName = name, unitId = unit });
        Assert.True(created is 200 or 201, $"creating {id} answered {created}");
        var (status, link) = await SendAsync(HttpMethod.Post, $"/api/admin/workers/{id}/link");
        Assert.Equal(200, status);
        return link.Value<string>("token")!;
    }

    public async Task ContentAsync(string id, int points, int minSeconds, string title = "测试内容")
    {
        var (status, _) = await SendAsync(HttpMethod.Post, "/api/admin/content", json: new { id, title, kind = "video", points, minSeconds });
        Assert.Equal(201, status);
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails only if it never does within a generous minute (or <paramref name="timeout"/>); <paramref name="state"/> says what was seen last.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, string what, TimeSpan? timeout = null, Func<string>? state = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromMinutes(1)).TotalMilliseconds;
        while (!await done())
        {
            Assert.True(Environment.TickCount64 < deadline, $"never happened: {what} {state?.Invoke()}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await WhileTimePassesAsync(() => App.StopAsync());
        await WhileTimePassesAsync(() => App.DisposeAsync().AsTask());
    }

    /// <summary>
    /// Stopping waits for what is in flight, and the webhooks' Polly pipelines run on the app's clock: disposing one
    /// waits, in steps of its clock, for executions still in a retry delay. With a fake clock nothing moves that
    /// clock, and the test run hung there; so time is moved on while the app stops, as it would pass on its own.
    /// </summary>
    private async Task WhileTimePassesAsync(Func<Task> work)
    {
        var task = work();
        while (Clock is { } clock && await Task.WhenAny(task, Task.Delay(200)) != task)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        await task;
    }
}
