using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Webhooks;

namespace Rewards.Functions.Tests.Webhooks;

[Collection(StorageCollection.Name)]
public sealed class DeliveryTests(AzuriteFixture azurite)
{
    private static async Task<Delivery> DeliveryAsync(WebhookWorld w, string partnerId, Func<Delivery, bool> done, string what)
    {
        Delivery? found = null;
        await TestApp.EventuallyAsync(async () => (found = (await w.App.Service<DeliveriesTable>().LatestAsync(partnerId, CancellationToken.None)).FirstOrDefault(done)) is not null, what);
        return found!;
    }

    [Fact]
    public async Task A_receiver_that_fails_three_times_gets_the_event_once_with_the_same_id()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = n => n <= 3 ? 500 : 200;
        await using var w = await WebhookWorld.StartAsync(azurite);
        await w.PartnerAsync("p-a", receiver.Url);

        await w.ReservedOrderAsync("p-a");
        var delivery = await DeliveryAsync(w, "p-a", d => d.Outcome == "delivered", "the delivery is recorded");

        Assert.Equal(4, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.EventId).Distinct());
        Assert.Single(receiver.Accepted);
        Assert.Equal((200, 4, "order.reserved"), (delivery.Status, delivery.Attempts, delivery.Type));
    }

    [Fact]
    public async Task A_partner_whose_server_hangs_delays_no_other_partner()
    {
        await using var down = await Receiver.StartAsync();
        down.Answer = _ => 0;
        await using var up = await Receiver.StartAsync();
        await using var w = await WebhookWorld.StartAsync(azurite, more: o =>
        {
            // One send to the hanging partner takes longer than this test waits for anything.
            o.Settings["Rewards:Webhooks:AttemptTimeout"] = "00:02:00";
            o.Settings["Rewards:Webhooks:TotalTimeout"] = "00:05:00";
        });
        await w.PartnerAsync("p-down", down.Url);
        await w.PartnerAsync("p-up", up.Url);

        await w.ReservedOrderAsync("p-down");
        await TestApp.EventuallyAsync(() => Task.FromResult(!down.Requests.IsEmpty), "the hanging partner was called");
        for (var i = 0; i < 3; i++)
        {
            await w.ReservedOrderAsync("p-up");
        }

        await TestApp.EventuallyAsync(() => Task.FromResult(up.Accepted.Count() == 3), "the other partner's events arrived");
        Assert.Single(down.Requests);
        Assert.Empty(await w.App.Service<DeliveriesTable>().LatestAsync("p-down", CancellationToken.None));
    }

    [Fact]
    public async Task An_open_circuit_is_one_partners_own()
    {
        await using var failing = await Receiver.StartAsync();
        failing.Answer = _ => 500;
        await using var healthy = await Receiver.StartAsync();
        await using var w = await WebhookWorld.StartAsync(azurite);
        await w.PartnerAsync("p-bad", failing.Url);
        await w.PartnerAsync("p-good", healthy.Url);

        await w.ReservedOrderAsync("p-bad");
        await w.ReservedOrderAsync("p-bad");
        var broken = await DeliveryAsync(w, "p-bad", d => d.Error?.Contains("circuit", StringComparison.OrdinalIgnoreCase) == true, "the bad partner's circuit opened");
        await w.ReservedOrderAsync("p-good");
        var good = await DeliveryAsync(w, "p-good", d => d.Outcome == "delivered", "the good partner's event arrived");

        Assert.Equal("retrying", broken.Outcome);
        Assert.Equal((200, 1), (good.Status, good.Attempts));
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed()
    {
        await using var elsewhere = await Receiver.StartAsync();
        await using var receiver = await Receiver.StartAsync();
        receiver.RedirectTo = elsewhere.Url;
        await using var w = await WebhookWorld.StartAsync(azurite);
        await w.PartnerAsync("p-a", receiver.Url);

        await w.ReservedOrderAsync("p-a");
        var delivery = await DeliveryAsync(w, "p-a", d => d.Status == 307, "the redirect is recorded");

        Assert.Equal("retrying", delivery.Outcome);
        Assert.Single(receiver.Requests);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task A_cancel_after_a_reservation_sends_both_snapshots_in_sequence_even_when_both_are_sent_late()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var w = await WebhookWorld.StartAsync(azurite, more: o => o.Settings["AzureWebJobs:NotifyPartner:Disabled"] = "true");
        await w.PartnerAsync("p-a", receiver.Url);
        var id = await w.ReservedOrderAsync("p-a");
        Assert.Equal(200, (await w.App.SendAsync(HttpMethod.Post, $"/api/redemptions/{id}/cancel", w.Worker)).Status);

        var queue = w.App.Service<QueueServiceClient>().GetQueueClient(w.App.Service<IOptions<StorageOptions>>().Value.Queue(StorageNames.PartnerNotificationQueue));
        var messages = (await queue.ReceiveMessagesAsync(32)).Value.Select(m => Json.Deserialize<PartnerEventMessage>(m.Body.ToString())!).ToList();
        foreach (var message in messages.OrderBy(m => m.Type))
        {
            await w.App.Service<WebhookSender>().SendAsync(message, CancellationToken.None);
        }

        var events = receiver.Accepted.Select(r => r.Json).OrderBy(e => e.Value<int>("sequence")).ToList();
        Assert.Equal(["order.reserved", "order.cancelled"], events.Select(e => e.Value<string>("type")));
        Assert.Equal(["reserved", "cancelled"], events.Select(e => e["order"]!.Value<string>("status")));
        Assert.Equal([1, 2], events.Select(e => e.Value<int>("sequence")));
    }

    [Fact]
    public async Task An_event_failing_for_a_day_goes_to_poison_and_an_admin_replays_it()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var receiver = await Receiver.StartAsync();
        var accept = false;
        receiver.Answer = _ => Volatile.Read(ref accept) ? 200 : 400;
        await using var w = await WebhookWorld.StartAsync(azurite, clock);
        await w.PartnerAsync("p-a", receiver.Url);

        await w.ReservedOrderAsync("p-a");
        await DeliveryAsync(w, "p-a", d => d.Outcome == "retrying", "the first pass failed");
        clock.Advance(TimeSpan.FromHours(25));
        var poisoned = await DeliveryAsync(w, "p-a", d => d.Outcome == "poisoned", "the event went to poison");
        var (_, list) = await w.App.SendAsync(HttpMethod.Get, "/api/admin/webhooks/poison");
        Volatile.Write(ref accept, true);
        var (status, replay) = await w.App.SendAsync(HttpMethod.Post, "/api/admin/webhooks/poison/replay");
        await TestApp.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Any()), "the replayed event arrived");

        Assert.Equal(1, list.Value<int>("count"));
        Assert.Equal(poisoned.EventId, list["items"]![0]!.Value<string>("eventId"));
        Assert.Equal((200, 1), (status, replay.Value<int>("replayed")));
        Assert.Equal(poisoned.EventId, receiver.Accepted.Single().EventId);
        Assert.Equal(0, (await w.App.SendAsync(HttpMethod.Get, "/api/admin/webhooks/poison")).Body.Value<int>("count"));
    }

    [Fact]
    public async Task Only_the_last_fifty_deliveries_are_kept()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var table = app.Service<DeliveriesTable>();
        var start = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < 55; i++)
        {
            await table.RecordAsync("p-a", start.AddSeconds(i), new Delivery($"evt_{i}", "order.reserved", start.AddSeconds(i), 200, "delivered", 1, null), CancellationToken.None);
        }

        var kept = await table.LatestAsync("p-a", CancellationToken.None);

        Assert.Equal(50, kept.Count);
        Assert.Equal("evt_54", kept[0].EventId);
        Assert.Equal("evt_5", kept[^1].EventId);
    }
}
