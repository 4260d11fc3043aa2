using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.DevHost;

[Collection(StorageCollection.Name)]
public sealed class DevHostBehavesLikeTheHostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ProbeRecorder _recorder = new();
    private TestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await TestApp.StartAsync(azurite, configure: options =>
        {
            options.FunctionAssemblies.Clear();
            options.FunctionAssemblies.Add(typeof(ProbeFunctions).Assembly);
            options.HostJsonPath = Path.Combine(AppContext.BaseDirectory, "DevHost", "probe-host.json");
            options.ConfigureServices = services => services.AddSingleton(_recorder);
        });

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
        await TestApp.EventuallyAsync(async () => (await queue.PeekMessagesAsync()).Value.Length == 0, "the message was deleted");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_ends_in_poison_after_max_dequeue_count_attempts()
    {
        var queue = Queue("probe-fail");
        var poison = Queue("probe-fail-poison");
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("bad news");

        await TestApp.EventuallyAsync(async () => (await poison.PeekMessagesAsync()).Value.Length == 1, "the message reached the poison queue");
        var moved = (await poison.ReceiveMessageAsync()).Value;
        Assert.Equal("bad news", moved.Body.ToString());
        Assert.Equal(3, _recorder.Failures);
        Assert.Empty((await queue.PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task A_timer_fires_on_its_schedule()
    {
        await TestApp.EventuallyAsync(() => Task.FromResult(_recorder.Ticks >= 2), "the every-second timer fired twice");
    }
}
