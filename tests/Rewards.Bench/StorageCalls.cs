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
