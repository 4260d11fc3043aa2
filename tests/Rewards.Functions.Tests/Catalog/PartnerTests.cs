using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Catalog;

[Collection(StorageCollection.Name)]
public sealed class PartnerTests(AzuriteFixture azurite)
{
    internal static readonly object Partner = new { id = "p-001", name = "大兴职工服务社", contact = "010-6924", webhookUrl = "https://partner.example.cn/hooks/rewards", acceptanceDays = 3 };

    [Fact]
    public async Task A_partner_key_is_shown_once_and_only_its_hash_is_kept()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, created) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: Partner);
        var (_, read) = await app.SendAsync(HttpMethod.Get, "/api/admin/partners/p-001");
        var key = created.Value<string>("apiKey")!;
        var table = app.Service<TableServiceClient>().GetTableClient(app.Service<IOptions<StorageOptions>>().Value.Table(StorageNames.Partners));
        var row = (await table.GetEntityAsync<TableEntity>("partner", "p-001")).Value;

        Assert.Equal(201, status);
        Assert.StartsWith("pk_p-001.", key, StringComparison.Ordinal);
        Assert.Null(read["apiKey"]);
        Assert.DoesNotContain(row, p => p.Value?.ToString()?.Contains(key[9..], StringComparison.Ordinal) == true);
        Assert.Equal(64, row.GetString("KeyHash")!.Length);
    }

    [Fact]
    public async Task Rotating_a_key_retires_the_old_one_at_once()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, created) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: Partner);
        var old = created.Value<string>("apiKey");

        var (before, _) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers", old);
        var (_, rotated) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners/p-001/rotate-key");
        var (after, problem) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers", old);
        var (fresh, _) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers", rotated.Value<string>("apiKey"));

        Assert.Equal(403, before);
        Assert.Equal((401, "invalid-token"), (after, problem.Value<string>("code")));
        Assert.Equal(403, fresh);
    }

    [Theory]
    [InlineData("http://partner.example.cn/hook")]
    [InlineData("ftp://partner.example.cn/hook")]
    [InlineData("https://user:pass@partner.example.cn/hook")]
    [InlineData("not a url")]
    public async Task A_bad_webhook_url_is_refused_and_nothing_is_stored(string url)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-1", name = "x", webhookUrl = url });
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/partners");

        Assert.Equal((400, "validation-failed"), (status, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]!["webhookUrl"]);
        Assert.Empty(list["items"]!);
    }
}
