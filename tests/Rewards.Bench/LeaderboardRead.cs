using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rewards.Domain.Progress;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Storage;

namespace Rewards.Bench;

internal sealed record ReadResult(int BoardRows, double CallsPerRead, double P50, double P99);

/// <summary>
/// A top-100 read of a board holding many workers. The board's rows are written straight into the table (100
/// to a transaction) in the shape the projector writes them; the read is the app's own LeaderboardQueries.
/// </summary>
internal static class LeaderboardRead
{
    public static async Task<ReadResult> RunAsync(IServiceProvider services, int workers, int reads)
    {
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(services.GetRequiredService<IOptions<StorageOptions>>().Value.Table(StorageNames.Leaderboards));
        await table.CreateIfNotExistsAsync();
        var random = new Random(25);
        await Parallel.ForEachAsync(Enumerable.Range(0, workers).Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, ct) =>
            await table.SubmitTransactionAsync(chunk.Select(i =>
            {
                var points = random.Next(1, 5000);
                return new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(LeaderboardsTable.Partition, LeaderboardsTable.Individual(Periods.All, points, $"big-{i:D6}"))
                {
                    ["Points"] = (long)points,
                    ["DisplayName"] = "职工",
                    ["UnitId"] = $"unit-{i % 50}",
                });
            }), ct));

        var queries = services.GetRequiredService<LeaderboardQueries>();
        var counter = services.GetRequiredService<StorageCallCounter>();
        await queries.TopAsync("individual", "all", null, "points", 100, CancellationToken.None);
        var before = counter.Calls;
        var times = new List<double>();
        for (var i = 0; i < reads; i++)
        {
            var one = Stopwatch.StartNew();
            var top = await queries.TopAsync("individual", "all", null, "points", 100, CancellationToken.None);
            times.Add(one.Elapsed.TotalMilliseconds);
            if (top.Value!.Items.Count != 100)
            {
                throw new InvalidOperationException("the board did not return 100 rows");
            }
        }

        times.Sort();
        return new ReadResult(workers, (double)(counter.Calls - before) / reads, Latency.Percentile(times, 50), Latency.Percentile(times, 99));
    }
}
