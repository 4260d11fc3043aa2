using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Security;

/// <summary>Rows a worker can make without earning anything are capped a local day, and a refusal writes nothing.</summary>
[Collection(StorageCollection.Name)]
public sealed class RowLimitTests(AzuriteFixture azurite)
{
    private static readonly object Rules = new
    {
        timeZone = "Asia/Shanghai",
        dailyCap = 50,
        actions = new { learning = new { dailyCap = 20, attemptsPerDay = 3 }, share = new { points = 1, dailyCap = 3, attemptsPerDay = 2 } },
    };

    private static async Task<int> RowsAsync(TestApp app, string table, string from, string to)
    {
        var client = app.Service<TableServiceClient>().GetTableClient(app.Service<IOptions<StorageOptions>>().Value.Table(table));
        var count = 0;
        await foreach (var _ in client.QueryAsync<TableEntity>(Filters.RowRange(from, to)))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Views_started_past_the_daily_limit_are_409_and_write_no_row_even_in_parallel()
    {
        await using var app = await TestApp.StartAsync(azurite);
        Assert.Equal(200, (await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: Rules)).Status);
        var token = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", 5, 30);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.SendAsync(HttpMethod.Post, "/api/content/c-1/views", token)));

        Assert.Equal(3, results.Count(r => r.Status == 201));
        Assert.All(results.Where(r => r.Status != 201), r => Assert.Equal((409, "daily-limit-reached"), (r.Status, r.Body.Value<string>("code"))));
        Assert.Equal(3, await RowsAsync(app, StorageNames.Accounts, "view|", "view}"));
    }

    [Fact]
    public async Task Share_links_past_the_daily_limit_are_409_and_write_no_share()
    {
        await using var app = await TestApp.StartAsync(azurite);
        Assert.Equal(200, (await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: Rules)).Status);
        var token = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", 5, 0);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.SendAsync(HttpMethod.Post, "/api/shares", token, new { contentId = "c-1" })));

        Assert.Equal(2, results.Count(r => r.Status == 201));
        Assert.All(results.Where(r => r.Status != 201), r => Assert.Equal((409, "daily-limit-reached"), (r.Status, r.Body.Value<string>("code"))));
        Assert.Equal(2, await RowsAsync(app, StorageNames.Shares, "share", "share~"));
    }
}
