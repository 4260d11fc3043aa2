using System.Globalization;
using Azure.Data.Tables;
using Rewards.Domain.Ledger;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Overview;

/// <summary>
/// What one day, one month or all time of one unit adds up to: points by ledger kind (net, so an adjustment
/// may be negative), how many members earned (active), and counts of the redemption and hazard steps the
/// ledger shows (<see cref="Counters"/>).
/// </summary>
internal sealed record Figures
{
    public static Figures Empty { get; } = new();

    public IReadOnlyDictionary<string, long> Points { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    public int Active { get; init; }

    public Figures Plus(Figures other) => new() { Points = Sum(Points, other.Points), Counts = Sum(Counts, other.Counts), Active = Active + other.Active };

    /// <summary>What one ledger line adds: its amount to its kind, one to its counter, and whether it makes its worker active.</summary>
    public static Figures Of(LedgerLine line, bool active) => new()
    {
        Points = line.Amount != 0 ? new Dictionary<string, long> { [line.Kind] = line.Amount } : new Dictionary<string, long>(),
        Counts = Counters.Of(line) is { } counter ? new Dictionary<string, long> { [counter] = 1 } : new Dictionary<string, long>(),
        Active = active ? 1 : 0,
    };

    private static Dictionary<string, long> Sum(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b) =>
        a.Concat(b).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
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
    /// The changed overview rows for the lines of one or more members of the unit (each row written under the ETag it
    /// was read with, or added), and each member's remembered active days afterwards (to store in their watermark
    /// rows), in the order given.
    /// </summary>
    public static (List<TableTransactionAction> Actions, List<string> Remembered) Changes(
        IReadOnlyList<(IReadOnlyList<LedgerLine> Lines, HashSet<string> Remembered)> members, string unitId, IReadOnlyDictionary<string, TableEntity> read, RulesSnapshot snapshot, string partition)
    {
        var months = new Dictionary<string, (Figures Month, SortedDictionary<string, Figures> Days)>();
        var all = Figures.Empty;
        var remembered = new List<string>();
        foreach (var (lines, memory) in members)
        {
            foreach (var line in lines)
            {
                var day = snapshot.Today(line.At);
                var month = MonthKey(day);
                if (!months.TryGetValue(month, out var row))
                {
                    var entity = read.GetValueOrDefault(Row(month, unitId));
                    row = (Parse<Figures>(entity, "Month") ?? Figures.Empty, Parse<SortedDictionary<string, Figures>>(entity, "Days") ?? []);
                }

                var earned = LedgerKinds.IsEarning(line.Kind) && line.Amount > 0;
                var dayKey = day.Day.ToString("D2", CultureInfo.InvariantCulture);
                row.Days[dayKey] = row.Days.GetValueOrDefault(dayKey, Figures.Empty).Plus(Figures.Of(line, earned && memory.Add(LocalDay(day))));
                months[month] = (row.Month.Plus(Figures.Of(line, earned && memory.Add(month))), row.Days);
                all = all.Plus(Figures.Of(line, active: false) with { Points = new Dictionary<string, long>() });
            }

            remembered.Add(Json.Serialize(lines.Count > 0 ? Trim(memory, snapshot.Today(lines[^1].At)) : memory));
        }

        var actions = new List<TableTransactionAction>();
        foreach (var month in months.Keys)
        {
            var (m, days) = months[month];
            actions.Add(Guarded(read.GetValueOrDefault(Row(month, unitId)), new TableEntity(partition, Row(month, unitId)) { ["Month"] = Json.Serialize(m), ["Days"] = Json.Serialize(days) }));
        }

        if (all.Counts.Count > 0)
        {
            var entity = read.GetValueOrDefault(Row(All, unitId));
            var total = (Parse<Figures>(entity, "Month") ?? Figures.Empty).Plus(all);
            actions.Add(Guarded(entity, new TableEntity(partition, Row(All, unitId)) { ["Month"] = Json.Serialize(total) }));
        }

        return (actions, remembered);
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
