using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Webhooks;

[Collection(StorageCollection.Name)]
public sealed class SigningTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_order_event_arrives_as_a_snapshot_signed_with_its_partners_own_secret()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var receiver = await Receiver.StartAsync();
        await using var w = await WebhookWorld.StartAsync(azurite, clock);
        var (_, secret) = await w.PartnerAsync("p-a", receiver.Url);
        var (_, otherSecret) = await w.PartnerAsync("p-b", null);

        var delivered = await w.ReservedOrderAsync("p-a");
        Assert.Equal((200, null), await w.ActAsync("p-a", delivered, "accept"));
        Assert.Equal((200, null), await w.ActAsync("p-a", delivered, "ship", new { trackingNo = "SF1001" }));
        Assert.Equal((200, null), await w.ActAsync("p-a", delivered, "deliver"));
        var rejected = await w.ReservedOrderAsync("p-a");
        Assert.Equal((200, null), await w.ActAsync("p-a", rejected, "reject", new { reason = "缺货" }));
        var cancelled = await w.ReservedOrderAsync("p-a");
        Assert.Equal(200, (await w.App.SendAsync(HttpMethod.Post, $"/api/redemptions/{cancelled}/cancel", w.Worker)).Status);
        await TestApp.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Select(r => r.EventId).Distinct().Count() == 8), "eight events arrived", state: () => string.Join(" ", receiver.Requests.Select(r => $"{r.AnsweredWith}:{r.Type}")));
        Assert.All(receiver.Accepted, r => Assert.True(r.Verifies(secret, w.Now), r.Signature));
        Assert.All(receiver.Accepted, r => Assert.False(r.Verifies(otherSecret, w.Now)));

        var expired = await w.ReservedOrderAsync("p-a");
        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await w.App.Service<FulfilmentUseCase>().ExpireDueAsync(CancellationToken.None));
        await TestApp.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Any(r => r.Type == "order.expired")), "the expiry arrived");
        Assert.True(receiver.Accepted.Single(r => r.Type == "order.expired").Verifies(secret, w.Now));

        var events = receiver.Accepted.Select(r => r.Json).ToList();
        Assert.Equal(
            ["order.accepted", "order.cancelled", "order.delivered", "order.expired", "order.rejected", "order.reserved", "order.shipped"],
            events.Select(e => e.Value<string>("type")).Distinct().Order());
        Assert.Equal(events.Count, events.Select(e => e.Value<string>("id")).Distinct().Count());
        var lifecycle = events.Where(e => e["order"]!.Value<string>("id") == delivered).OrderBy(e => e.Value<int>("sequence")).ToList();
        Assert.Equal(["reserved", "accepted", "shipped", "delivered"], lifecycle.Select(e => e["order"]!.Value<string>("status")));
        Assert.Equal([1, 2, 3, 4], lifecycle.Select(e => e.Value<int>("sequence")));
        Assert.Equal("SF1001", lifecycle[2]["order"]!.Value<string>("trackingNo"));
        Assert.Equal("北京市大兴区黄村", lifecycle[0]["order"]!["recipient"]!.Value<string>("address"));
        Assert.All(events, e => Assert.Equal("p-a", e.Value<string>("partnerId")));
        Assert.Equal("缺货", events.Single(e => e.Value<string>("type") == "order.rejected")["order"]!.Value<string>("reason"));
        Assert.Equal(expired, events.Single(e => e.Value<string>("type") == "order.expired")["order"]!.Value<string>("id"));
    }

    [Fact]
    public async Task After_a_rotation_both_secrets_sign_for_a_day_then_only_the_new_one()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var receiver = await Receiver.StartAsync();
        await using var w = await WebhookWorld.StartAsync(azurite, clock);
        var (_, old) = await w.PartnerAsync("p-a", receiver.Url);

        var (status, rotated) = await w.App.SendAsync(HttpMethod.Post, "/api/admin/partners/p-a/rotate-webhook-secret");
        var fresh = rotated.Value<string>("webhookSecret")!;
        await w.ReservedOrderAsync("p-a");
        await TestApp.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Count() == 1), "the event during the overlap arrived");
        var during = receiver.Accepted.Single();
        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await w.ReservedOrderAsync("p-a");
        await TestApp.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Count() == 2), "the event after the overlap arrived");
        var after = receiver.Accepted.Last();

        Assert.Equal(200, status);
        Assert.StartsWith("whsec_", fresh, StringComparison.Ordinal);
        Assert.NotEqual(old, fresh);
        Assert.Equal(2, during.Signature.Split(",v1=").Length - 1);
        Assert.True(during.Verifies(old, w.Now - TimeSpan.FromHours(24)));
        Assert.True(during.Verifies(fresh, w.Now - TimeSpan.FromHours(24)));
        Assert.True(after.Verifies(fresh, w.Now));
        Assert.False(after.Verifies(old, w.Now));
    }

    [Fact]
    public async Task The_readme_shows_exactly_the_verifier_the_tests_run()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Rewards.DevHost.Hosting.Azurite.FindRepositoryRoot(AppContext.BaseDirectory), "README.md"));

        Assert.Contains(ReadmeVerifier.Snippet(), readme.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(8, ReadmeVerifier.Snippet().Split('\n').Length);
    }

    [Fact]
    public async Task A_signature_older_than_five_minutes_or_tampered_does_not_verify()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var receiver = await Receiver.StartAsync();
        await using var w = await WebhookWorld.StartAsync(azurite, clock);
        var (_, secret) = await w.PartnerAsync("p-a", receiver.Url);
        await w.ReservedOrderAsync("p-a");
        await TestApp.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Any()), "the event arrived");
        var r = receiver.Accepted.Single();

        Assert.True(r.Verifies(secret, w.Now + TimeSpan.FromMinutes(4)));
        Assert.False(r.Verifies(secret, w.Now + TimeSpan.FromMinutes(6)));
        Assert.False((r with { Body = r.Body.Replace("张伟", "李四", StringComparison.Ordinal) }).Verifies(secret, w.Now));
    }
}
