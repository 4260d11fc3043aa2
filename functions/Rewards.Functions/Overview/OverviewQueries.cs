using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Admin;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;
using Rewards.Functions.Units;

namespace Rewards.Functions.Overview;

internal sealed record OverviewDay(string Date, IReadOnlyDictionary<string, long> Points, IReadOnlyDictionary<string, long> Counts, int Active);

internal sealed record OverviewUnit(string Id, string Name, int Members, int ActiveToday, int ActiveMonth, double RateToday, double RateMonth, long PointsMonth);

internal sealed record OverviewPeriod(int Active, IReadOnlyDictionary<string, long> Points, IReadOnlyDictionary<string, long> Redemptions, IReadOnlyDictionary<string, long> Hazards);

internal sealed record OverviewOpen(long Redemptions, long Hazards);

internal sealed record OverviewReport(
    string TimeZone,
    string Today,
    string Month,
    OverviewPeriod TodayFigures,
    OverviewPeriod MonthFigures,
    OverviewOpen Open,
    int Members,
    IReadOnlyList<OverviewDay> Days,
    IReadOnlyList<OverviewUnit> Units,
    ReconciliationState? Reconciliation,
    IReadOnlyDictionary<string, int> PoisonQueues);

/// <summary>
/// The console's overview, from the rows the projector keeps per unit and month (<see cref="OverviewRows"/>): one
/// key range for the last 30 days and all time, one for the member counts, one point read for the last
/// reconciliation and one property read per poison queue. Units and rules come from their caches. It never reads
/// the ledger; its cost grows only with the number of units (3 rows each, 1,000 rows a page).
/// </summary>
internal sealed class OverviewQueries(
    TableServiceClient service, IOptions<StorageOptions> options, LeaderboardsTable boards, UnitsTable units, RulesStore rules,
    ReconciliationCache reconciliation, PoisonQueues poison, TimeProvider clock)
{
    public const int DayCount = 30;
    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Leaderboards));

    public async Task<OverviewReport> GetAsync(CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var today = snapshot.Today(clock.GetUtcNow());
        var first = today.AddDays(1 - DayCount);
        var rowsTask = ReadRowsAsync(OverviewRows.MonthKey(first), ct);
        var sizesTask = boards.UnitSizesAsync(ct);
        var namesTask = units.NamesAsync(ct);
        var lastTask = reconciliation.LastAsync(ct);
        var poisonTask = poison.CountsAsync(ct);
        await Task.WhenAll(rowsTask, sizesTask, namesTask, lastTask, poisonTask);
        var (months, all) = await rowsTask;
        var sizes = await sizesTask;
        var names = await namesTask;

        Figures DayOf(DateOnly day, string? unitId = null) =>
            months.Where(m => m.Key.Month == OverviewRows.MonthKey(day) && (unitId is null || m.Key.UnitId == unitId))
                .Aggregate(Figures.Empty, (sum, m) => sum.Plus(m.Value.Days.GetValueOrDefault(day.Day.ToString("D2", CultureInfo.InvariantCulture)) ?? Figures.Empty));
        Figures MonthOf(string? unitId = null) =>
            months.Where(m => m.Key.Month == OverviewRows.MonthKey(today) && (unitId is null || m.Key.UnitId == unitId))
                .Aggregate(Figures.Empty, (sum, m) => sum.Plus(m.Value.Month));

        var days = Enumerable.Range(0, DayCount).Select(i => first.AddDays(i)).Select(d => (Day: d, Figures: DayOf(d)))
            .Select(d => new OverviewDay(d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Figures.Points, d.Figures.Counts, d.Figures.Active))
            .ToList();
        var unitIds = sizes.Keys.Union(names.Keys).Union(months.Keys.Select(k => k.UnitId)).Order(StringComparer.Ordinal);
        var unitRows = unitIds.Select(id =>
        {
            var (day, month) = (DayOf(today, id), MonthOf(id));
            var members = Math.Max(sizes.GetValueOrDefault(id), Math.Max(day.Active, month.Active));
            return new OverviewUnit(id, names.GetValueOrDefault(id, id), members, day.Active, month.Active, Rate(day.Active, members), Rate(month.Active, members), month.Points.Values.Sum());
        }).ToList();
        var open = all.Aggregate(Figures.Empty, (sum, f) => sum.Plus(f));
        return new OverviewReport(
            snapshot.Zone.Id,
            today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            OverviewRows.MonthKey(today),
            Period(DayOf(today)),
            Period(MonthOf()),
            new OverviewOpen(
                Count(open, Counters.Requested) - Count(open, Counters.Delivered) - Count(open, Counters.Returned),
                Count(open, Counters.HazardsAccepted) - Count(open, Counters.HazardsVerified)),
            sizes.Values.Sum(),
            days,
            unitRows,
            await lastTask,
            await poisonTask);
    }

    private static OverviewPeriod Period(Figures f) => new(
        f.Active,
        f.Points,
        new Dictionary<string, long> { [Counters.Requested] = Count(f, Counters.Requested), [Counters.Delivered] = Count(f, Counters.Delivered), [Counters.Returned] = Count(f, Counters.Returned) },
        new Dictionary<string, long> { ["accepted"] = Count(f, Counters.HazardsAccepted), ["verified"] = Count(f, Counters.HazardsVerified) });

    private static long Count(Figures f, string counter) => f.Counts.GetValueOrDefault(counter);

    private static double Rate(int active, int members) => members == 0 ? 0 : Math.Round((double)active / members, 4);

    /// <summary>The month rows from the first month of the window on, and every unit's all-time row: one key range.</summary>
    private async Task<(Dictionary<(string Month, string UnitId), (Figures Month, SortedDictionary<string, Figures> Days)> Months, List<Figures> All)> ReadRowsAsync(string fromMonth, CancellationToken ct)
    {
        var months = new Dictionary<(string, string), (Figures, SortedDictionary<string, Figures>)>();
        var all = new List<Figures>();
        var filter = Filters.And(Filters.Partition(LeaderboardsTable.Partition), Filters.RowRange(OverviewRows.Row(fromMonth, ""), OverviewRows.Row(OverviewRows.All, "~")));
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var parts = row.RowKey.Split('|', 4);
            var figures = OverviewRows.Parse<Figures>(row, "Month") ?? Figures.Empty;
            if (parts[2] == OverviewRows.All)
            {
                all.Add(figures);
            }
            else
            {
                months[(parts[2], parts[3])] = (figures, OverviewRows.Parse<SortedDictionary<string, Figures>>(row, "Days") ?? []);
            }
        }

        return (months, all);
    }
}
