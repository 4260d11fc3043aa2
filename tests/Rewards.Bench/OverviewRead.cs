using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rewards.Functions;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Overview;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Bench;

internal sealed record OverviewResult(int Units, double CallsPerRead, double P50, double P99);

/// <summary>
/// The admin overview of a program with many units: each unit gets this month's and last month's rows (30 days of
/// points by action) and its all-time row, in the shape the projector writes them, and a member count; the read
/// is the app's own OverviewQueries, in the same partition as whatever the boards already hold.
/// </summary>
internal static class OverviewRead
{
    public static async Task<OverviewResult> RunAsync(IServiceProvider services, int units, int reads)
    {
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(services.GetRequiredService<IOptions<StorageOptions>>().Value.Table(StorageNames.Leaderboards));
        await table.CreateIfNotExistsAsync();
        var today = (await services.GetRequiredService<RulesStore>().GetAsync(CancellationToken.None)).Today(TimeProvider.System.GetUtcNow());
        var months = new[] { today.AddMonths(-1), today }.Select(OverviewRows.MonthKey).ToList();
        var days = new SortedDictionary<string, Figures>(Enumerable.Range(1, 28).ToDictionary(
            d => d.ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
            d => new Figures { Points = new Dictionary<string, long> { ["learning"] = 40 + d, ["quiz"] = 24, ["share"] = 3, ["hazard"] = 10, ["adjustment"] = -2 }, Active = 12 }));
        var month = new Figures { Points = new Dictionary<string, long> { ["learning"] = 1500, ["quiz"] = 700 }, Counts = new Dictionary<string, long> { ["requested"] = 9, ["delivered"] = 5 }, Active = 80 };
        await Parallel.ForEachAsync(Enumerable.Range(0, units), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, ct) =>
            await table.SubmitTransactionAsync(
                [
                    .. months.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(LeaderboardsTable.Partition, OverviewRows.Row(m, $"unit-{u:D4}")) { ["Month"] = Json.Serialize(month), ["Days"] = Json.Serialize(days) })),
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(LeaderboardsTable.Partition, OverviewRows.Row(OverviewRows.All, $"unit-{u:D4}")) { ["Month"] = Json.Serialize(month) }),
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(LeaderboardsTable.Partition, LeaderboardsTable.Members($"unit-{u:D4}")) { ["Members"] = 200 }),
                ],
                ct));

        var overview = services.GetRequiredService<OverviewQueries>();
        var counter = services.GetRequiredService<StorageCallCounter>();
        await overview.GetAsync(CancellationToken.None); // the rules and units caches
        var before = counter.Calls;
        var times = new List<double>();
        for (var i = 0; i < reads; i++)
        {
            var one = Stopwatch.StartNew();
            var report = await overview.GetAsync(CancellationToken.None);
            times.Add(one.Elapsed.TotalMilliseconds);
            if (report.Units.Count < units)
            {
                throw new InvalidOperationException("the overview did not show every unit");
            }
        }

        times.Sort();
        return new OverviewResult(units, (double)(counter.Calls - before) / reads, Latency.Percentile(times, 50), Latency.Percentile(times, 99));
    }
}
