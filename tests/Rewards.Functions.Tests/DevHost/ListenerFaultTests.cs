using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.DevHost;

/// <summary>
/// Fails the queue listeners' own storage calls that match, a set number of times: before the request leaves
/// (storage unreachable) or after storage has done the work (the answer is lost).
/// </summary>
internal sealed class ListenerFaults(Func<HttpMessage, bool> matches, int times, bool afterStorageAnswered) : HttpPipelinePolicy
{
    private int _left = times;
    private int _injected;

    public int Injected => _injected;

    public static Func<HttpMessage, bool> Deletes(string queue) =>
        m => m.Request.Method == RequestMethod.Delete && m.Request.Uri.Path.Contains($"-{queue}/messages/", StringComparison.Ordinal);

    public static Func<HttpMessage, bool> Receives(string queue) =>
        m => m.Request.Method == RequestMethod.Get && m.Request.Uri.Path.EndsWith($"-{queue}/messages", StringComparison.Ordinal)
            && !m.Request.Uri.Query.Contains("peekonly", StringComparison.OrdinalIgnoreCase);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var fail = matches(message) && Interlocked.Decrement(ref _left) >= 0;
        if (fail && !afterStorageAnswered)
        {
            Interlocked.Increment(ref _injected);
            throw new IOException("injected: storage is unreachable");
        }

        await ProcessNextAsync(message, pipeline);
        if (fail)
        {
            Interlocked.Increment(ref _injected);
            throw new IOException("injected: storage did it, the answer was lost");
        }
    }
}

[Collection(StorageCollection.Name)]
public sealed class ListenerFaultTests(AzuriteFixture azurite)
{
    private async Task<(TestApp App, ProbeRecorder Recorder, QueueClient Queue)> StartAsync(ListenerFaults faults)
    {
        var recorder = new ProbeRecorder();
        var app = await TestApp.StartAsync(azurite, configure: o =>
        {
            DevHostBehavesLikeTheHostTests.Probes(recorder)(o);
            TestApp.OnlyTimers()(o);
            o.QueueListenerPolicies.Add(faults);
        });
        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-probe-in", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        return (app, recorder, queue);
    }

    private static async Task<int> PoisonedAsync(TestApp app, AzuriteFixture azurite)
    {
        var poison = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-probe-in-poison");
        return await poison.ExistsAsync() ? (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
    }

    [Fact]
    public async Task A_delete_that_fails_after_a_successful_run_is_retried_and_the_message_runs_once()
    {
        // Five failed tries: the SDK's own four (one call, retries exhausted: AggregateException), then one more.
        var faults = new ListenerFaults(ListenerFaults.Deletes("probe-in"), times: 5, afterStorageAnswered: false);
        var (app, recorder, queue) = await StartAsync(faults);
        await using var _ = app;

        await queue.SendMessageAsync("once");
        await TestApp.EventuallyAsync(() => Task.FromResult(faults.Injected == 5), "every injected delete fault was hit");
        await app.IdleAsync();

        Assert.Equal(["once"], recorder.Messages);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, await PoisonedAsync(app, azurite));
    }

    [Fact]
    public async Task A_delete_whose_answer_was_lost_is_done_and_the_message_runs_once()
    {
        // Storage deleted the message; the SDK's retry then finds it gone (404), which means done.
        var faults = new ListenerFaults(ListenerFaults.Deletes("probe-in"), times: 1, afterStorageAnswered: true);
        var (app, recorder, queue) = await StartAsync(faults);
        await using var _ = app;

        await queue.SendMessageAsync("once");
        await TestApp.EventuallyAsync(() => Task.FromResult(faults.Injected == 1), "the injected fault was hit");
        await app.IdleAsync();

        Assert.Equal(["once"], recorder.Messages);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, await PoisonedAsync(app, azurite));
        Assert.False(app.Service<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task Polls_whose_retries_run_out_neither_stop_the_listener_nor_the_host()
    {
        // Eight failed tries: two polls whose retries all run out (AggregateException), which used to end the listener.
        var faults = new ListenerFaults(ListenerFaults.Receives("probe-in"), times: 8, afterStorageAnswered: false);
        var (app, recorder, queue) = await StartAsync(faults);
        await using var _ = app;

        await queue.SendMessageAsync("after the outage");
        await TestApp.EventuallyAsync(() => Task.FromResult(recorder.Messages.Contains("after the outage")), "the listener carried on and ran the message");

        Assert.Equal(8, faults.Injected);
        Assert.False(app.Service<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.Equal("hello host via GET", await app.Http.GetStringAsync("/api/probe/host"));
    }
}
