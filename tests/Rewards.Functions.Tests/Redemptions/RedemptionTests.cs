using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Rewards.Functions.Admin;
using Rewards.Functions.Identity;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Catalog;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Redemptions;

[Collection(StorageCollection.Name)]
public sealed class RedemptionTests(AzuriteFixture azurite)
{
    private static async Task PrizeAsync(TestApp app, int stock, int cost = 10, int perWorkerLimit = 0, string? until = null)
    {
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: PartnerTests.Partner);
        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "急救包", cost, stock, partnerId = "p-001", perWorkerLimit, availableUntil = until });
        Assert.Equal(201, status);
    }

    /// <summary>Workers made and funded through the use cases: the setup is not what is being tested.</summary>
    private static async Task<List<string>> FundedWorkersAsync(TestApp app, int count, int points)
    {
        var admin = app.Service<WorkerAdmin>();
        var adjustments = app.Service<Rewards.Functions.Admin.Adjustments>();
        var tokens = app.Service<WorkerTokens>();
        var result = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            await admin.SaveAsync(new WorkerRequest { Id = $"w-{i:D3}", DisplayName = "职工", UnitId = $"u{i % 10}" }, ct);
            await adjustments.AdjustAsync(new AdjustmentRequest { WorkerId = $"w-{i:D3}", Amount = points, Reason = "测试积分" }, $"fund-{i}", ct);
            result[i] = tokens.Issue($"w-{i:D3}", 1).Token;
        });
        return [.. result];
    }

    private static TableClient Table(TestApp app, string name) =>
        app.Service<TableServiceClient>().GetTableClient(app.Service<IOptions<StorageOptions>>().Value.Table(name));

    private static async Task<Dictionary<string, int>> StatusesAsync(TestApp app)
    {
        var statuses = new Dictionary<string, int>();
        await foreach (var row in Table(app, StorageNames.Accounts).QueryAsync<TableEntity>(Filters.RowRange("redemption|", "redemption}")))
        {
            var status = row.GetString("Status")!;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        return statuses;
    }

    [Fact]
    public async Task Five_hundred_redemptions_on_a_stock_of_fifty_reserve_fifty_and_refund_the_rest()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await PrizeAsync(app, stock: 50);
        var workers = await FundedWorkersAsync(app, 500, 10);

        var requests = await Task.WhenAll(workers.Select((token, i) => app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1 }, $"redeem-{i}")));
        await TestApp.EventuallyAsync(async () => !(await StatusesAsync(app)).ContainsKey("pending"), "every redemption is final");

        Assert.All(requests, r => Assert.Equal(202, r.Status));
        var statuses = await StatusesAsync(app);
        Assert.Equal(50, statuses.GetValueOrDefault("reserved"));
        Assert.Equal(450, statuses.GetValueOrDefault("refused"));
        var (_, prize) = await app.SendAsync(HttpMethod.Get, "/api/admin/rewards/r-001");
        Assert.Equal((0L, 50L), (prize["stock"]!.Value<long>("remaining"), prize["stock"]!.Value<long>("reserved")));
        Assert.Equal(50, await app.Service<OrdersTable>().CountAsync("p-001", CancellationToken.None));
        var accounts = new List<(long Balance, long Held)>();
        await foreach (var row in Table(app, StorageNames.Accounts).QueryAsync<TableEntity>(Filters.Row(RowKeys.Account)))
        {
            accounts.Add((row.GetInt64("Balance") ?? 0, row.GetInt64("Held") ?? 0));
        }

        Assert.Equal(450, accounts.Count(a => a == (10, 0)));
        Assert.Equal(50, accounts.Count(a => a == (0, 10)));
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Empty(report["mismatches"]!);
    }

    [Fact]
    public async Task A_hot_prize_with_stock_spread_over_shards_is_never_oversold()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: PartnerTests.Partner);
        var (created, prize) = await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "急救包", cost = 10, stock = 10, stockShards = 4, partnerId = "p-001" });
        var workers = await FundedWorkersAsync(app, 40, 20);

        var requests = await Task.WhenAll(workers.Select((token, i) => app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = i % 2 + 1 }, $"hot-{i}")));
        await TestApp.EventuallyAsync(async () => !(await StatusesAsync(app)).ContainsKey("pending"), "every redemption is final");

        Assert.Equal(201, created);
        Assert.Equal(4, prize["reward"]!.Value<int>("stockShards"));
        Assert.All(requests, r => Assert.Equal(202, r.Status));
        // Count what was handed out three independent ways: the workers' reserved redemptions, the stock shard
        // rows themselves, and the partner's orders. An oversell shows as more than 10 in any of them.
        var reservedByWorkers = 0L;
        await foreach (var row in Table(app, StorageNames.Accounts).QueryAsync<TableEntity>(Filters.RowRange("redemption|", "redemption}")))
        {
            reservedByWorkers += row.GetString("Status") == "reserved" ? row.GetInt32("Quantity") ?? 0 : 0;
        }

        var (shardRows, remaining, reservedInShards) = (0, 0L, 0L);
        await foreach (var row in Table(app, StorageNames.Stock).QueryAsync<TableEntity>(Filters.And(Filters.Partition("r-001"), Filters.RowRange("stock", "stock}"))))
        {
            (shardRows, remaining, reservedInShards) = (shardRows + 1, remaining + (row.GetInt64("Remaining") ?? 0), reservedInShards + (row.GetInt64("Reserved") ?? 0));
            Assert.True(row.GetInt64("Remaining") >= 0, $"shard {row.RowKey} went below zero");
        }

        var ordered = (await app.Service<OrdersTable>().ListAsync("p-001", null, CancellationToken.None)).Sum(o => (long)(o.GetInt32("Quantity") ?? 0));

        Assert.Equal(4, shardRows);
        // Requests take 1 or 2, so one unit may be left when only requests for 2 remain.
        Assert.InRange(remaining, 0, 1);
        Assert.Equal(10 - remaining, reservedByWorkers);
        Assert.Equal(reservedByWorkers, reservedInShards);
        Assert.Equal(reservedByWorkers, ordered);
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Empty(report["mismatches"]!);
        Assert.Empty(report["stockMismatches"]!);
        Assert.Empty(report["redemptionMismatches"]!);
    }

    [Fact]
    public async Task Fifty_parallel_redemptions_by_a_worker_who_can_afford_one_accept_one()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await PrizeAsync(app, stock: 100);
        var token = (await FundedWorkersAsync(app, 1, 10))[0];

        var requests = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1 }, $"try-{i}")));

        Assert.Single(requests, r => r.Status == 202);
        Assert.All(requests.Where(r => r.Status != 202), r => Assert.Equal((422, "insufficient-points"), (r.Status, r.Body.Value<string>("code"))));
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", token);
        Assert.Equal((0L, 10L), (me.Value<long>("balance"), me.Value<long>("held")));
    }

    [Fact]
    public async Task A_redemption_message_delivered_three_times_makes_one_order()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await PrizeAsync(app, stock: 5);
        var token = (await FundedWorkersAsync(app, 1, 10))[0];
        var (_, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1 }, "once");
        var message = new RedemptionMessage(redemption.Value<string>("id")!, "w-000", "r-001", "急救包", "p-001", 1, 10, null);
        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-redemptions", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        await queue.SendMessageAsync(Rewards.Functions.Json.Serialize(message));
        await queue.SendMessageAsync(Rewards.Functions.Json.Serialize(message));
        await app.IdleAsync(Rewards.Functions.Storage.StorageNames.RedemptionQueue);

        Assert.Equal(1, await app.Service<OrdersTable>().CountAsync("p-001", CancellationToken.None));
        var (_, prize) = await app.SendAsync(HttpMethod.Get, "/api/admin/rewards/r-001");
        Assert.Equal((4L, 1L), (prize["stock"]!.Value<long>("remaining"), prize["stock"]!.Value<long>("reserved")));
        var (_, mine) = await app.SendAsync(HttpMethod.Get, "/api/me/redemptions", token);
        Assert.Equal("reserved", mine["items"]![0]!.Value<string>("status"));

        // Nobody on the request path deleted the outbox rows: the reservation did, in the transaction that set
        // "reserved", and the partner notification's consumer did when it took its message.
        Assert.Empty(await RowsAsync(Table(app, StorageNames.Accounts), RowKeys.Outbox("redeem-"), RowKeys.Outbox("redeem.")));
        await TestApp.EventuallyAsync(async () => (await RowsAsync(Table(app, StorageNames.Orders), OrdersTable.OutboxFrom, OrdersTable.OutboxTo)).Count == 0, "the partner outbox is empty");
    }

    private static async Task<List<string>> RowsAsync(TableClient table, string from, string to)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(Filters.RowRange(from, to)))
        {
            keys.Add($"{row.PartitionKey}/{row.RowKey}");
        }

        return keys;
    }

    [Fact]
    public async Task Bad_redemptions_get_clear_problems_and_move_no_point()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await PrizeAsync(app, stock: 5, perWorkerLimit: 1);
        var tokens = await FundedWorkersAsync(app, 2, 100);
        var (_, first) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", tokens[0], new { rewardId = "r-001", quantity = 1 }, "first");

        // The first redemption's own consequences (reservation, projection of its ledger line) settle before the
        // snapshot: only what the bad requests might do is compared.
        await app.IdleAsync(StorageNames.RedemptionQueue, StorageNames.LedgerEvents);
        var before = await Partition.SnapshotAsync(app, "w-000");

        var zero = await app.SendAsync(HttpMethod.Post, "/api/redemptions", tokens[0], new { rewardId = "r-001", quantity = 0 }, "k1");
        var unknown = await app.SendAsync(HttpMethod.Post, "/api/redemptions", tokens[0], new { rewardId = "r-404", quantity = 1 }, "k2");
        var limit = await app.SendAsync(HttpMethod.Post, "/api/redemptions", tokens[0], new { rewardId = "r-001", quantity = 1 }, "k3");
        var noKey = await app.SendAsync(HttpMethod.Post, "/api/redemptions", tokens[0], new { rewardId = "r-001", quantity = 1 });
        var foreign = await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{first.Value<string>("id")}", tokens[1]);
        var delivery = await app.SendAsync(HttpMethod.Post, "/api/redemptions", tokens[0], new { rewardId = "r-001", quantity = 1, delivery = new { name = "张伟", phone = "12345", address = new string('路', 301) } }, "k4");

        Assert.Equal((400, "validation-failed"), (zero.Status, zero.Body.Value<string>("code")));
        Assert.Equal((404, "reward-not-found"), (unknown.Status, unknown.Body.Value<string>("code")));
        Assert.Equal((422, "per-worker-limit"), (limit.Status, limit.Body.Value<string>("code")));
        Assert.Equal((400, "idempotency-key-required"), (noKey.Status, noKey.Body.Value<string>("code")));
        Assert.Equal((404, "redemption-not-found"), (foreign.Status, foreign.Body.Value<string>("code")));
        Assert.Equal((400, "validation-failed"), (delivery.Status, delivery.Body.Value<string>("code")));
        Assert.Equal(["delivery.address", "delivery.phone"], delivery.Body["errors"]!.Children<Newtonsoft.Json.Linq.JProperty>().Select(p => p.Name).Order());
        await app.IdleAsync(StorageNames.RedemptionQueue, StorageNames.LedgerEvents);
        var after = await Partition.SnapshotAsync(app, "w-000");
        Assert.Equal(before.Where(r => !r.StartsWith("redemption|", StringComparison.Ordinal)), after.Where(r => !r.StartsWith("redemption|", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_prize_outside_its_window_cannot_be_redeemed()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await PrizeAsync(app, stock: 5, until: "2020-01-01T00:00:00");
        var token = (await FundedWorkersAsync(app, 1, 100))[0];

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1 }, "k");

        Assert.Equal((409, "reward-unavailable"), (status, problem.Value<string>("code")));
    }
}
