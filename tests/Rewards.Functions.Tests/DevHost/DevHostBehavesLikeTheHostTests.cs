using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Rewards.DevHost.Hosting;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.DevHost;

[Collection(StorageCollection.Name)]
public sealed class DevHostBehavesLikeTheHostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ProbeRecorder _recorder = new();
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(azurite, configure: Probes(_recorder));

    /// <summary>Hosts the probe functions instead of the app's, with the probe host.json (three attempts, retried at once).</summary>
    internal static Action<Rewards.DevHost.Hosting.DevHostOptions> Probes(ProbeRecorder recorder) => options =>
    {
        options.FunctionAssemblies.Clear();
        options.FunctionAssemblies.Add(typeof(ProbeFunctions).Assembly);
        options.HostJsonPath = Path.Combine(AppContext.BaseDirectory, "DevHost", "probe-host.json");
        var before = options.ConfigureServices;
        options.ConfigureServices = services =>
        {
            before?.Invoke(services);
            services.AddSingleton(recorder);
        };
    };

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private QueueClient Queue(string name) =>
        new(azurite.ConnectionString, $"{_app.Prefix}-{name}", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    [Fact]
    public async Task An_http_function_is_reached_at_its_route_under_the_route_prefix()
    {
        var hit = await _app.Http.GetStringAsync("/api/probe/张伟");
        using var miss = await _app.Http.GetAsync("/probe/张伟");

        Assert.Equal("hello 张伟 via GET", hit);
        Assert.Equal(404, (int)miss.StatusCode);
    }

    [Fact]
    public async Task A_base64_queue_message_is_processed_and_removed()
    {
        var queue = Queue("probe-in");
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("{\"txId\":\"t1\"}");

        await TestApp.EventuallyAsync(() => Task.FromResult(_recorder.Messages.Contains("{\"txId\":\"t1\"}")), "the probe received the message");
        await _app.IdleAsync();
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_ends_in_poison_after_max_dequeue_count_attempts()
    {
        var queue = Queue("probe-fail");
        var poison = Queue("probe-fail-poison");
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("bad news");

        // No listener runs the poison queue, so a message there is the effect itself, never hidden while running.
        await TestApp.EventuallyAsync(async () => (await poison.PeekMessagesAsync()).Value.Length == 1, "the message reached the poison queue");
        var moved = (await poison.ReceiveMessageAsync()).Value;
        Assert.Equal("bad news", moved.Body.ToString());
        Assert.Equal(3, _recorder.Failures);
        await _app.IdleAsync();
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_timer_fires_on_its_schedule()
    {
        await TestApp.EventuallyAsync(() => Task.FromResult(_recorder.Ticks >= 2), "the every-second timer fired twice");
    }

    [Fact]
    public async Task A_timer_whose_runs_throw_carries_on_on_its_schedule()
    {
        // The first run throws as a storage timeout does (an OperationCanceledException the host did not ask for),
        // the second as exhausted retries do (AggregateException); neither may end the timer or the host.
        await TestApp.EventuallyAsync(() => Task.FromResult(_recorder.FlakyTicks >= 2), "the timer ran twice more after two failures");

        Assert.False(_app.Service<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task A_running_message_is_hidden_from_a_peek_but_the_idle_wait_waits_for_it()
    {
        var queue = Queue("probe-gated");
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("m1");
        await TestApp.EventuallyAsync(() => Task.FromResult(_recorder.Entered == 1), "the message is running");
        var peekedEmpty = (await queue.PeekMessagesAsync()).Value.Length == 0;
        var appliedWhenPeekedEmpty = _recorder.Applied.Count;
        var countedWhileRunning = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var idle = _app.IdleAsync();
        var first = await Task.WhenAny(idle, Task.Delay(TimeSpan.FromSeconds(2)));
        _recorder.Gate.SetResult();
        await idle;

        Assert.True(peekedEmpty, "the old wait, an empty peek, would have returned here");
        Assert.Equal(0, appliedWhenPeekedEmpty);
        Assert.Equal(1, countedWhileRunning);
        Assert.NotSame(idle, first);
        Assert.Equal(["m1"], _recorder.Applied);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task After_the_idle_wait_every_duplicate_of_a_slow_message_has_been_applied()
    {
        var queue = Queue("probe-gated");
        await queue.CreateIfNotExistsAsync();
        _recorder.Gate.SetResult();

        for (var i = 0; i < 3; i++)
        {
            await queue.SendMessageAsync("duplicate");
        }

        // Each copy takes at least 300 ms after it starts, so without this wait the count below is short.
        await _app.IdleAsync();

        Assert.Equal(3, _recorder.Applied.Count);
    }

    [Fact]
    public async Task The_idle_wait_includes_messages_that_a_running_function_sends_on()
    {
        var relay = Queue("probe-relay");
        await relay.CreateIfNotExistsAsync();

        await relay.SendMessageAsync("r1");
        await _app.IdleAsync();

        Assert.Contains("relayed r1", _recorder.Messages);
    }

    [Fact]
    public async Task With_a_fake_clock_only_the_timers_a_test_names_run()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var none = await TestApp.StartAsync(azurite, clock, Probes(new ProbeRecorder()));
        var recorder = new ProbeRecorder();
        await using var named = await TestApp.StartAsync(azurite, clock, o =>
        {
            Probes(recorder)(o);
            TestApp.OnlyTimers("ProbeTimer")(o);
        });

        // The timer starts waiting on the clock at some point after start; move the clock until it has run.
        await TestApp.EventuallyAsync(
            () =>
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                return Task.FromResult(recorder.Ticks >= 1);
            },
            "the named timer ran when the clock moved");

        Assert.Empty(none.Service<FunctionCatalog>().Timers);
        Assert.Equal(["ProbeTimer"], named.Service<FunctionCatalog>().Timers.Select(t => t.Name));
        Assert.NotEmpty(none.Service<FunctionCatalog>().Queues);
    }
}
