using Azure.Storage.Queues;
using Rewards.Functions.Admin;
using Rewards.Functions.Catalog;
using Rewards.Functions.Partners;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Redemptions;

[Collection(StorageCollection.Name)]
public sealed class PoisonTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_redemption_message_that_keeps_failing_ends_in_poison_and_moves_no_point_or_stock()
    {
        // The probe host.json: three attempts, retried at once, so the message reaches poison quickly.
        await using var app = await TestApp.StartAsync(azurite, configure: o => o.HostJsonPath = Path.Combine(AppContext.BaseDirectory, "DevHost", "probe-host.json"));
        await app.Service<PartnersTable>().AddAsync(new Partner("p-001", "服务社", null, "https://partner.example.cn/hook", 3), CancellationToken.None);
        await app.Service<CatalogTables>().AddAsync(new Reward("r-001", "急救包", null, null, 10, "p-001", 0, null, null, true), 5, CancellationToken.None);
        await app.Service<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = "w-1", DisplayName = "职工", UnitId = "u1" }, CancellationToken.None);
        await app.Service<Rewards.Functions.Admin.Adjustments>().AdjustAsync(new AdjustmentRequest { WorkerId = "w-1", Amount = 10, Reason = "测试" }, "fund", CancellationToken.None);
        await TestApp.EventuallyAsync(async () => (await Partition.SnapshotAsync(app, "w-1")).Any(r => r.StartsWith("progress", StringComparison.Ordinal)), "the funding was projected");
        var before = await Partition.SnapshotAsync(app, "w-1");
        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-redemptions", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var poison = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-redemptions-poison");

        // A message the saga cannot read: it names no worker.
        await queue.SendMessageAsync("{\"redemptionId\":\"x1\",\"rewardId\":\"r-001\",\"quantity\":1,\"points\":10}");

        await TestApp.EventuallyAsync(async () => (await poison.PeekMessagesAsync()).Value.Length == 1, "the message reached redemptions-poison");
        Assert.Equal(before, await Partition.SnapshotAsync(app, "w-1"));
        Assert.Equal(new StockLevel(5, 0, 0, 5, 0), await app.Service<CatalogTables>().StockAsync("r-001", CancellationToken.None));
    }
}
