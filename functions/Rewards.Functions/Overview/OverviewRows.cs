using System.Globalization;
using Azure.Data.Tables;
using Rewards.Domain.Ledger;
using Rewards.Functions.Http;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Overview;

/// <summary>
/// What one day, one month or all time of one unit adds up to: points by ledger kind (net, so an adjustment
/// may be negative), how many members earned (active), and counts of the redemption and hazard steps the
/// ledger shows (<see cref="Counters"/>).
/// </summary>
internal sealed record Figures
{
    public Dictionary<string, long> Points { get; init; } = [];

    public Dictionary<string, long> Counts { get; init; } = [];

    public int Active { get; set; }

    public Figures Add(Figures other)
    {
        foreach (var (k, v) in other.Points)
        {
            Points[k] = Points.GetValueOrDefault(k) + v;
        }

        foreach (var (k, v) in other.Counts)
        {
            Counts[k] = Counts.GetValueOrDefault(k) + v;
        }

        Active += other.Active;
        return this;
    }
}

/// <summary>The counters derived from ledger lines: a hold is a redemption requested, a spend one delivered, a release one returned.</summary>
internal static class Counters
{
    public const string Requested = "requested";
    public const string Delivered = "delivered";
    public const string Returned = "returned";
    public const string HazardsAccepted = "hazardsAccepted";
    public const string HazardsVerified = "hazardsVerified";

    public static string? Of(LedgerLine line) => line.Kind switch
    {
        LedgerKinds.Hold => Requested,
        LedgerKinds.Spend => Delivered,
        LedgerKinds.Release => Returned,
        LedgerKinds.Hazard when line.SourceRef.EndsWith(":accept", StringComparison.Ordinal) => HazardsAccepted,
        LedgerKinds.Hazard when line.SourceRef.EndsWith(":verify", StringComparison.Ordinal) => HazardsVerified,
        _ => null,
    };
}

/// <summary>
/// The overview's rows, kept by the projector in the boards partition and in the boards' transaction, so they
/// move exactly once per ledger line under the same watermark:
/// <list type="bullet">
/// <item><c>o|m|{yyyy-MM}|{unitId}</c>: the unit's month (<c>Month</c>) and each of its local days (<c>Days</c>, by day of month);</item>
/// <item><c>o|m|all|{unitId}</c>: the unit's counters since the start, for what is open now.</item>
/// </list>
/// "all" sorts after every month, so the last months and all time are one key range. Active workers are exact:
/// the worker's watermark row remembers the recent days and months in which the worker earned (<c>Active</c>,
/// written in the same transaction), so a second line that day counts nobody twice. Ledger lines are applied
/// in sequence order and stamped with the commit time, so a line is never months older than one applied
/// before it, and 70 days of memory are enough.
/// </summary>
internal static class OverviewRows
{
    public const string All = "all";
    public const string Prefix = "o|m|";
    private const int RememberDays = 70;

    public static string MonthKey(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Row(string month, string unitId) => $"{Prefix}{month}|{unitId}";

    /// <summary>The rows the lines may change, to read with the boards' rows.</summary>
    public static IEnumerable<string> KeysOf(IEnumerable<LedgerLine> lines, string unitId, RulesSnapshot snapshot) =>
        lines.Select(l => Row(MonthKey(snapshot.Today(l.At)), unitId)).Append(Row(All, unitId)).Distinct();

    public static int MonthsOf(IEnumerable<LedgerLine> lines, RulesSnapshot snapshot) =>
        lines.Select(l => MonthKey(snapshot.Today(l.At))).Distinct().Count();

    /// <summary>The worker's remembered active days and months, from the watermark row.</summary>
    public static HashSet<string> Remembered(TableEntity? watermark) =>
        watermark?.GetString("Active") is { } json ? Json.Deserialize<HashSet<string>>(json) ?? [] : [];

    /// <summary>
    /// The changed overview rows for the lines (each written under the ETag it was read with, or added), and the
    /// worker's remembered active days afterwards (to store in the watermark row).
    /// </summary>
    public static (List<TableTransactionAction> Actions, string Remembered) Changes(
        IReadOnlyList<LedgerLine> lines, string unitId, HashSet<string> remembered, IReadOnlyDictionary<string, TableEntity> read, RulesSnapshot snapshot, string partition)
    {
        var months = new Dictionary<string, (Figures Month, SortedDictionary<string, Figures> Days)>();
        var all = new Figures();
        var changed = new HashSet<string>();
        foreach (var line in lines)
        {
            var day = snapshot.Today(line.At);
            var month = MonthKey(day);
            if (!months.TryGetValue(month, out var row))
            {
                var entity = read.GetValueOrDefault(Row(month, unitId));
                row = months[month] = (Parse<Figures>(entity, "Month") ?? new Figures(), Parse<SortedDictionary<string, Figures>>(entity, "Days") ?? []);
            }

            var dayKey = day.Day.ToString("D2", CultureInfo.InvariantCulture);
            var figures = row.Days.TryGetValue(dayKey, out var f) ? f : row.Days[dayKey] = new Figures();
            var delta = new Figures();
            if (line.Amount != 0)
            {
                delta.Points[line.Kind] = line.Amount;
            }

            if (Counters.Of(line) is { } counter)
            {
                delta.Counts[counter] = 1;
                all.Counts[counter] = all.Counts.GetValueOrDefault(counter) + 1;
            }

            if (LedgerKinds.IsEarning(line.Kind) && line.Amount > 0)
            {
                figures.Active += remembered.Add(LocalDay(day)) ? 1 : 0;
                row.Month.Active += remembered.Add(month) ? 1 : 0;
            }

            figures.Add(delta);
            row.Month.Add(new Figures { Points = delta.Points, Counts = delta.Counts });
            changed.Add(month);
        }

        var actions = new List<TableTransactionAction>();
        foreach (var month in changed)
        {
            var (m, days) = months[month];
            actions.Add(Guarded(read.GetValueOrDefault(Row(month, unitId)), new TableEntity(partition, Row(month, unitId)) { ["Month"] = Json.Serialize(m), ["Days"] = Json.Serialize(days) }));
        }

        if (all.Counts.Count > 0)
        {
            var entity = read.GetValueOrDefault(Row(All, unitId));
            var total = (Parse<Figures>(entity, "Month") ?? new Figures()).Add(all);
            actions.Add(Guarded(entity, new TableEntity(partition, Row(All, unitId)) { ["Month"] = Json.Serialize(total) }));
        }

        return (actions, Json.Serialize(Trim(remembered, lines.Count > 0 ? snapshot.Today(lines[^1].At) : default)));
    }

    public static T? Parse<T>(TableEntity? entity, string property) where T : class =>
        entity?.GetString(property) is { } json ? Json.Deserialize<T>(json) : null;

    private static string LocalDay(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Forgets days (and months) long past: a line that old can no longer arrive after the ones applied.</summary>
    private static HashSet<string> Trim(HashSet<string> remembered, DateOnly newest)
    {
        var from = newest.AddDays(-RememberDays);
        var (dayFrom, monthFrom) = (LocalDay(from), MonthKey(from));
        return [.. remembered.Where(k => string.CompareOrdinal(k, k.Length == 7 ? monthFrom : dayFrom) >= 0)];
    }

    private static TableTransactionAction Guarded(TableEntity? read, TableEntity row) =>
        read is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, read.ETag);
}
