using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Identity;
using Rewards.Functions.Learning;
using Rewards.Functions.Storage;
using Rewards.Functions.Workers;

namespace Rewards.Bench;

internal sealed record CallsPerAward(int PriorEntries, double Calls, int Awards);

/// <summary>
/// Storage calls per award, counted by the StorageCallCounter pipeline policy on the app's own Azure clients,
/// for a worker whose ledger already holds a given number of lines. The count must not grow with the ledger.
/// </summary>
internal static class StorageCalls
{
    public static async Task<CallsPerAward> MeasureAsync(IServiceProvider services, string workerId, int priorEntries, int awards)
    {
        var admin = services.GetRequiredService<WorkerAdmin>();
        var learning = services.GetRequiredService<LearningUseCase>();
        var counter = services.GetRequiredService<StorageCallCounter>();
        await admin.SaveAsync(new WorkerRequest { Id = workerId, DisplayName = "压测职工", UnitId = "bench" }, CancellationToken.None);
        await SeedLedgerAsync(services, workerId, priorEntries);
        var worker = new WorkerPrincipal(workerId, 1);

        // Warm the rules and content caches, as a running instance has them.
        var warm = await learning.StartViewAsync(worker, "bench-0", CancellationToken.None);
        await learning.CompleteAsync(worker, "bench-0", warm.Value!.ViewId, CancellationToken.None);

        long calls = 0;
        for (var i = 1; i <= awards; i++)
        {
            var view = await learning.StartViewAsync(worker, $"bench-{i}", CancellationToken.None);
            var before = counter.Calls;
            var outcome = await learning.CompleteAsync(worker, $"bench-{i}", view.Value!.ViewId, CancellationToken.None);
            calls += counter.Calls - before;
            if (outcome.IsRefused)
            {
                throw new InvalidOperationException($"award refused: {outcome.Refusal!.Code}");
            }
        }

        return new CallsPerAward(priorEntries, (double)calls / awards, awards);
    }

    /// <summary>Writes the prior ledger lines straight into the partition, 100 to a transaction, and an account that agrees with them.</summary>
    private static async Task SeedLedgerAsync(IServiceProvider services, string workerId, int entries)
    {
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(services.GetRequiredService<IOptions<StorageOptions>>().Value.Table(StorageNames.Accounts));
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        foreach (var chunk in Enumerable.Range(1, entries).Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(n => new TableTransactionAction(
                TableTransactionActionType.Add,
                AccountRow.TxRow(workerId, new LedgerLine($"seed{n}", n, 1, LedgerKinds.Adjustment, "历史积分", "seed", n, at)))));
        }

        await table.UpdateEntityAsync(new TableEntity(workerId, RowKeys.Account) { ["Balance"] = (long)entries, ["Sequence"] = (long)entries }, Azure.ETag.All, TableUpdateMode.Merge);
    }
}

/// <summary>Storage calls of one redemption: the request (one worker transaction) and the reservation step, counted apart.</summary>
internal static class RedemptionCalls
{
    public static async Task<(double Request, double Reserve)> MeasureAsync(IServiceProvider services, int redemptions)
    {
        var catalog = services.GetRequiredService<Rewards.Functions.Catalog.CatalogTables>();
        await services.GetRequiredService<Rewards.Functions.Partners.PartnersTable>().AddAsync(new("calls-partner", "计数", null, "https://partner.example.cn/hook", 3), CancellationToken.None);
        await catalog.AddAsync(new("calls", "计数奖品", null, null, 1, "calls-partner", 0, null, null, true), redemptions * 2, CancellationToken.None);
        var admin = services.GetRequiredService<WorkerAdmin>();
        var adjustments = services.GetRequiredService<Rewards.Functions.Admin.Adjustments>();
        var requests = services.GetRequiredService<Rewards.Functions.Redemptions.RedemptionUseCase>();
        var reservations = services.GetRequiredService<Rewards.Functions.Redemptions.ReservationUseCase>();
        var counter = services.GetRequiredService<StorageCallCounter>();
        await admin.SaveAsync(new WorkerRequest { Id = "calls-redeemer", DisplayName = "计数", UnitId = "bench" }, CancellationToken.None);
        await adjustments.AdjustAsync(new() { WorkerId = "calls-redeemer", Amount = redemptions * 2, Reason = "计数" }, "calls-fund", CancellationToken.None);
        var worker = new WorkerPrincipal("calls-redeemer", 1);

        long requestCalls = 0, reserveCalls = 0;
        for (var i = 0; i <= redemptions; i++)
        {
            var before = counter.Calls;
            var made = await requests.RequestAsync(worker, new() { RewardId = "calls", Quantity = 1 }, $"calls-{i}", CancellationToken.None);
            var middle = counter.Calls;
            await reservations.ReserveAsync(new(made.Value!.Id, "calls-redeemer", "calls", "计数奖品", "calls-partner", 1, 1, null), CancellationToken.None);
            if (i > 0)
            {
                // The first one warms the caches, as a running instance has them.
                requestCalls += middle - before;
                reserveCalls += counter.Calls - middle;
            }
        }

        return ((double)requestCalls / redemptions, (double)reserveCalls / redemptions);
    }
}
