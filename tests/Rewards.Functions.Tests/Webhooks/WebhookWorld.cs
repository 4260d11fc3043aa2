using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Webhooks;

namespace Rewards.Functions.Tests.Webhooks;

/// <summary>A DevHost with a prize, a funded worker and partners whose webhooks point at receivers on loopback.</summary>
internal sealed class WebhookWorld(TestApp app, string worker) : IAsyncDisposable
{
    public TestApp App { get; } = app;

    public string Worker { get; } = worker;

    public Dictionary<string, (string ApiKey, string Secret)> Partners { get; } = [];

    public DateTimeOffset Now => App.Clock?.GetUtcNow() ?? TimeProvider.System.GetUtcNow();

    public static async Task<WebhookWorld> StartAsync(AzuriteFixture azurite, FakeTimeProvider? clock = null, Func<string, string[]>? dns = null, Action<Rewards.DevHost.Hosting.DevHostOptions>? more = null)
    {
        var app = await TestApp.StartAsync(azurite, clock, o =>
        {
            o.Settings["AzureWebJobs:ExpireUnacceptedOrders:Disabled"] = "true";
            more?.Invoke(o);
            var prior = o.ConfigureServices;
            o.ConfigureServices = services =>
            {
                prior?.Invoke(services);
                if (dns is not null)
                {
                    services.Replace(ServiceDescriptor.Singleton<HostResolver>((host, ct) =>
                        dns(host) is { Length: > 0 } answer ? Task.FromResult(answer.Select(System.Net.IPAddress.Parse).ToArray()) : WebhookAddresses.DnsResolver(host, ct)));
                }
            };
        });
        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-1", displayName = "张伟", unitId = "u1" });
        Assert.Equal(201, status);
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 500, reason = "测试" }, idempotencyKey: "fund");
        var (_, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-1/link");
        return new WebhookWorld(app, link.Value<string>("token")!);
    }

    /// <summary>A partner with its own prize; returns its API key and webhook secret.</summary>
    public async Task<(string ApiKey, string Secret)> PartnerAsync(string id, string? webhookUrl)
    {
        var (status, created) = await App.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id, name = $"合作方 {id}", webhookUrl });
        Assert.True(status == 201, created.ToString());
        await App.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = $"r-{id}", title = "家庭急救包", cost = 10, stock = 20, partnerId = id, perWorkerLimit = 10 });
        Partners[id] = (created.Value<string>("apiKey")!, created.Value<string>("webhookSecret")!);
        return Partners[id];
    }

    /// <summary>Redeems the partner's prize and waits until the order is reserved.</summary>
    public async Task<string> ReservedOrderAsync(string partnerId)
    {
        var (status, redemption) = await App.SendAsync(HttpMethod.Post, "/api/redemptions", Worker, new { rewardId = $"r-{partnerId}", quantity = 1, delivery = new { name = "张伟", phone = "13800000000", address = "北京市大兴区黄村" } }, Guid.NewGuid().ToString("N"));
        Assert.Equal(202, status);
        var id = redemption.Value<string>("id")!;
        await TestApp.EventuallyAsync(async () => (await App.SendAsync(HttpMethod.Get, $"/api/redemptions/{id}", Worker)).Body.Value<string>("status") == "reserved", "the order is reserved");
        return id;
    }

    public async Task<(int Status, string? Code)> ActAsync(string partnerId, string orderId, string action, object? body = null)
    {
        var (status, answer) = await App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{orderId}/{action}", Partners[partnerId].ApiKey, body);
        return (status, answer.Value<string>("code"));
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
