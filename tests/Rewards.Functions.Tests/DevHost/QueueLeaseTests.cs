using Azure.Storage.Queues;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.DevHost;

/// <summary>The DevHost leases a received message and renews the lease while it runs, as the host does.</summary>
[Collection(StorageCollection.Name)]
public sealed class QueueLeaseTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task A_message_running_longer_than_its_lease_is_renewed_never_delivered_twice_and_then_deleted()
    {
        var recorder = new ProbeRecorder();
        await using var app = await TestApp.StartAsync(azurite, configure: o =>
        {
            DevHostBehavesLikeTheHostTests.Probes(recorder)(o);
            o.QueueLease = Lease;
        });
        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-probe-gated", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("slow");
        await TestApp.EventuallyAsync(() => Task.FromResult(recorder.Entered == 1), "the message is running");

        // Without renewals the message would be visible again after 12 s, and received and entered a second time.
        await Task.Delay(Lease * 2);
        var enteredWhileRunning = recorder.Entered;
        // Here the empty peek is the property under test (a renewed lease keeps the message hidden); the effects, one
        // entry and one application, are asserted below.
        var visibleWhileRunning = (await queue.PeekMessagesAsync()).Value.Length;
        recorder.Gate.SetResult();
        await app.IdleAsync();

        Assert.Equal(1, enteredWhileRunning);
        Assert.Equal(0, visibleWhileRunning);
        Assert.Equal(["slow"], recorder.Applied);

        // Deleted with the renewed lease's pop receipt: nothing is left to come back.
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
