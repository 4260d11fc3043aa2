using System.Net;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Webhooks;

namespace Rewards.Functions.Tests.Webhooks;

[Collection(StorageCollection.Name)]
public sealed class SsrfTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://private.partner.example/hook")]
    [InlineData("https://metadata.partner.example/hook")]
    [InlineData("http://partner.example.cn/hook")]
    [InlineData("ftp://partner.example.cn/hook")]
    [InlineData("https://user:pass@partner.example.cn/hook")]
    public async Task A_webhook_url_that_is_not_https_to_a_public_address_is_refused_when_saved(string url)
    {
        await using var w = await WebhookWorld.StartAsync(azurite, dns: Dns, more: o => o.Settings["Rewards:Webhooks:AllowLoopback"] = "false");

        var (created, problem) = await w.App.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-a", name = "x", webhookUrl = url });
        var (_, list) = await w.App.SendAsync(HttpMethod.Get, "/api/admin/partners");

        Assert.Equal((400, "validation-failed"), (created, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]!["webhookUrl"]);
        Assert.Empty(list["items"]!);
    }

    [Fact]
    public async Task Loopback_is_refused_unless_the_development_setting_allows_it()
    {
        await using var strict = await WebhookWorld.StartAsync(azurite, more: o => o.Settings["Rewards:Webhooks:AllowLoopback"] = "false");
        await using var dev = await WebhookWorld.StartAsync(azurite);

        var refused = await strict.App.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-a", name = "x", webhookUrl = "http://127.0.0.1:8080/hook" });
        var allowed = await dev.App.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-a", name = "x", webhookUrl = "http://127.0.0.1:8080/hook" });

        Assert.Equal(400, refused.Status);
        Assert.Equal(201, allowed.Status);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    public async Task A_host_that_resolves_to_a_private_address_at_send_time_is_refused_then(string rebound)
    {
        var answer = "93.184.216.34";
        await using var w = await WebhookWorld.StartAsync(azurite, dns: host => host == "rebind.partner.example" ? [Volatile.Read(ref answer)] : []);
        await w.PartnerAsync("p-a", "https://rebind.partner.example/hook");

        Volatile.Write(ref answer, rebound);
        await w.ReservedOrderAsync("p-a");
        Delivery? delivery = null;
        await TestApp.EventuallyAsync(async () => (delivery = (await w.App.Service<DeliveriesTable>().LatestAsync("p-a", CancellationToken.None)) is [var first, ..] ? first : null) is not null, "the refusal is recorded");

        Assert.Equal((0, "retrying"), (delivery!.Status, delivery.Outcome));
        Assert.Contains(rebound, delivery.Error, StringComparison.Ordinal);
        Assert.Contains("not a public address", delivery.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("2002:0a00:0001::1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2400:3200::1", true)]
    public void Only_global_unicast_addresses_are_public(string address, bool expected) =>
        Assert.Equal(expected, WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task The_webhook_secret_is_stored_encrypted_and_bound_to_its_partner()
    {
        await using var w = await WebhookWorld.StartAsync(azurite);
        var (_, secretA) = await w.PartnerAsync("p-a", null);
        await w.PartnerAsync("p-b", null);
        var table = w.App.Service<TableServiceClient>().GetTableClient(w.App.Service<IOptions<StorageOptions>>().Value.Table(StorageNames.Partners));
        var a = (await table.GetEntityAsync<TableEntity>("partner", "p-a")).Value;

        Assert.StartsWith("whsec_", secretA, StringComparison.Ordinal);
        Assert.DoesNotContain(a, p => p.Value?.ToString()?.Contains(secretA[6..], StringComparison.Ordinal) == true);
        await table.UpdateEntityAsync(new TableEntity("partner", "p-b") { ["SecretCurrent"] = a.GetString("SecretCurrent") }, Azure.ETag.All, TableUpdateMode.Merge);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => w.App.Service<Partners.PartnersTable>().SigningSecretsAsync("p-b", CancellationToken.None));
        Assert.Equal([secretA], await w.App.Service<Partners.PartnersTable>().SigningSecretsAsync("p-a", CancellationToken.None));
    }

    private static string[] Dns(string host) => host switch
    {
        "private.partner.example" => ["93.184.216.34", "10.0.0.1"],
        "metadata.partner.example" => ["169.254.169.254"],
        _ => [],
    };
}
