using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Admin;
using Rewards.Functions.Identity;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Redemptions;

[Collection(StorageCollection.Name)]
public sealed class WebhookTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_reserved_order_is_sent_to_the_partner_signed_over_timestamp_and_body()
    {
        var received = new ConcurrentQueue<(string Signature, string Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var partnerSite = builder.Build();
        partnerSite.MapPost("/hook", async (HttpRequest req) =>
        {
            using var reader = new StreamReader(req.Body);
            received.Enqueue((req.Headers["X-Rewards-Signature"].ToString(), await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        await partnerSite.StartAsync();
        var hook = partnerSite.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-001", name = "服务社", webhookUrl = hook });
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "急救包", cost = 10, stock = 5, partnerId = "p-001" });
        await app.Service<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = "w-1", DisplayName = "职工", UnitId = "u1" }, CancellationToken.None);
        await app.Service<Rewards.Functions.Admin.Adjustments>().AdjustAsync(new AdjustmentRequest { WorkerId = "w-1", Amount = 10, Reason = "测试" }, "fund", CancellationToken.None);
        var token = app.Service<WorkerTokens>().Issue("w-1", 1).Token;

        var (_, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1, delivery = new { name = "张伟", phone = "13800000000", address = "大兴区黄村" } }, "r1");
        await TestApp.EventuallyAsync(() => Task.FromResult(!received.IsEmpty), "the partner received the webhook");

        var (signature, body) = received.First();
        var parts = signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestApp.WebhookSecret), Encoding.UTF8.GetBytes($"{parts["t"]}.{body}")));
        Assert.Equal(expected, parts["v1"]);
        var json = JObject.Parse(body);
        Assert.Equal("order.reserved", json.Value<string>("event"));
        Assert.Equal(redemption.Value<string>("id"), json["order"]!.Value<string>("id"));
        Assert.Contains("大兴区黄村", json["order"]!.Value<string>("delivery"), StringComparison.Ordinal);
    }
}
