using System.Diagnostics;
using Azure.Data.Tables;

namespace Rewards.Bench;

/// <summary>The floor any award pays: a two-entity entity group transaction issued straight through Azure.Data.Tables.</summary>
internal static class RawBaseline
{
    public static async Task<double> EgtPerSecondAsync(TableClient table, int concurrency, int total, string run)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var partition = $"raw-{run}-{concurrency}-{worker}";
            await table.UpsertEntityAsync(new TableEntity(partition, "account") { ["Balance"] = 0L });
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                await table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(partition, $"tx|{i:D10}") { ["Amount"] = 1L }),
                    new(TableTransactionActionType.UpsertMerge, new TableEntity(partition, "account") { ["Balance"] = (long)i }),
                ]);
            }
        }));
        return total / clock.Elapsed.TotalSeconds;
    }
}
