using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Failures;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Webhooks;

/// <summary>
/// A partner event whose publish failed after its order committed stays in the partner's outbox: the sweep reads each
/// partner's partition for rows past the grace, publishes them once and deletes them.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class PartnerOutboxSweepTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Events_whose_publish_failed_are_sent_by_the_sweep_once_per_partner_after_the_grace()
    {
        await using var a = await Receiver.StartAsync();
        await using var b = await Receiver.StartAsync();
        var faults = new ScriptedFaults();
        await using var w = await WebhookWorld.StartAsync(azurite, more: o =>
        {
            o.WithoutTimers();
            o.ConfigureServices += s => s.AddSingleton<HttpPipelinePolicy>(faults);
        });
        await w.PartnerAsync("p-a", a.Url);
        await w.PartnerAsync("p-b", b.Url);
        var notify = w.App.Service<IOptions<StorageOptions>>().Value.Queue(StorageNames.PartnerNotificationQueue);
        var events = w.App.Service<OrderEvents>();

        // Every send to notify-partner fails, the SDK's own retries included, until both orders are reserved.
        faults.Arm(m => ScriptedFaults.IsQueueSend(m, notify), times: int.MaxValue);
        await w.ReservedOrderAsync("p-a");
        await w.ReservedOrderAsync("p-b");
        faults.Disarm();
        var tooYoung = await events.SweepAsync(w.Now - OrderEvents.Grace, CancellationToken.None);
        var swept = await events.SweepAsync(w.Now + TimeSpan.FromSeconds(1), CancellationToken.None);
        var again = await events.SweepAsync(w.Now + TimeSpan.FromSeconds(1), CancellationToken.None);
        await TestApp.EventuallyAsync(() => Task.FromResult(a.Accepted.Count() == 1 && b.Accepted.Count() == 1), "each partner received its order.reserved");

        Assert.True(faults.Injected >= 2, $"only {faults.Injected} sends failed");
        Assert.Equal((0, 2, 0), (tooYoung, swept, again));
        Assert.Equal(["order.reserved"], a.Accepted.Select(r => r.Type));
        Assert.Equal(["order.reserved"], b.Accepted.Select(r => r.Type));
    }
}
