using Azure.Data.Tables;
using Rewards.Domain.Ledger;
using Rewards.Domain.Progress;
using Rewards.Functions.Accounts;
using Rewards.Functions.Overview;
using Rewards.Functions.Rules;
using static Rewards.Functions.Leaderboards.LeaderboardsTable;

namespace Rewards.Functions.Leaderboards;

/// <summary>One member's part of a unit's board change: the ledger lines to apply, the account and the watermark row as read.</summary>
internal sealed record MemberLines(string WorkerId, TableEntity Account, TableEntity? Watermark, IReadOnlyList<LedgerLine> Lines);

/// <summary>
/// What ledger lines of some members of one unit do to the boards, as one entity group transaction in the boards
/// partition: each member's rows and watermark (under the ETag it was read with), and the unit's totals, rank and
/// overview rows once for all of them (under theirs). So the unit's shared rows are written once per batch, not once
/// per event, and whatever is redelivered, late or concurrent, a line moves them exactly once: its member's watermark
/// says what was applied, in the same transaction.
/// </summary>
internal static class BoardChanges
{
    /// <summary>The entities an entity group transaction may hold.</summary>
    public const int MaxEntities = 100;

    /// <summary>The periods (and the months) one member's lines may reach in one change, so a member alone always fits (82 entities).</summary>
    public const int MaxPeriodsPerMember = 10;

    public static IReadOnlyList<string> PeriodsOf(LedgerLine line, RulesSnapshot snapshot) =>
        LedgerKinds.IsEarning(line.Kind) && line.Amount > 0 ? Periods.Of(snapshot.Local(line.At).DateTime, line.Kind, snapshot.Campaigns) : [];

    /// <summary>The first lines, in order, that stay within <see cref="MaxPeriodsPerMember"/> periods and months.</summary>
    public static List<LedgerLine> Within(IEnumerable<LedgerLine> lines, RulesSnapshot snapshot)
    {
        var periods = new HashSet<string>();
        var taken = new List<LedgerLine>();
        foreach (var line in lines)
        {
            if (periods.Union(PeriodsOf(line, snapshot)).Count() > MaxPeriodsPerMember || OverviewRows.MonthsOf([.. taken, line], snapshot) > MaxPeriodsPerMember)
            {
                break;
            }

            periods.UnionWith(PeriodsOf(line, snapshot));
            taken.Add(line);
        }

        return taken;
    }

    /// <summary>
    /// At most how many entities a change of these members' lines writes: per member a delete and an upsert per period
    /// and the watermark; for the unit five rows per period (totals, two rank rows out and in), a row per month and
    /// the all-time row.
    /// </summary>
    public static int Entities(IEnumerable<IReadOnlyList<LedgerLine>> members, RulesSnapshot snapshot)
    {
        var all = members.ToList();
        var periods = all.SelectMany(lines => lines.SelectMany(l => PeriodsOf(l, snapshot))).Distinct().Count();
        return all.Sum(lines => 2 * lines.SelectMany(l => PeriodsOf(l, snapshot)).Distinct().Count() + 1)
            + 5 * periods + OverviewRows.MonthsOf(all.SelectMany(l => l), snapshot) + 1;
    }

    /// <summary>The row keys a change of these lines reads: the unit's member count, totals and overview rows.</summary>
    public static IEnumerable<string> UnitKeys(string unitId, IEnumerable<LedgerLine> lines, RulesSnapshot snapshot)
    {
        var all = lines.ToList();
        return [Members(unitId), .. all.SelectMany(l => PeriodsOf(l, snapshot)).Distinct().Select(p => Totals(p, unitId)), .. OverviewRows.KeysOf(all, unitId, snapshot)];
    }

    /// <summary>The transaction for the members' lines, from the rows read (<paramref name="rows"/> holds the unit's and each member's watermark).</summary>
    public static List<TableTransactionAction> Of(string unitId, IReadOnlyList<MemberLines> members, IReadOnlyDictionary<string, TableEntity> rows, RulesSnapshot snapshot)
    {
        var actions = new List<TableTransactionAction>();
        var (overview, remembered) = OverviewRows.Changes([.. members.Select(m => (m.Lines, OverviewRows.Remembered(m.Watermark)))], unitId, rows, snapshot, Partition);
        var unit = new Dictionary<string, (long Points, int Active)>();
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var (watermark, scores) = Scores(member.Watermark);
            var name = AccountRow.DisplayName(member.Account);

            // The flag guarded by the watermark's ETag, not the account's as read before: a preference set since then
            // changed the watermark, so this commit fails and is decided again. The account speaks only for older rows.
            var anonymous = Anonymous(member.Watermark) ?? member.Account.GetBoolean("Anonymous") ?? false;
            var deltas = member.Lines.SelectMany(l => PeriodsOf(l, snapshot).Select(p => (Period: p, l.Amount)))
                .GroupBy(d => d.Period)
                .ToDictionary(g => g.Key, g => g.Sum(d => d.Amount));
            foreach (var (period, delta) in deltas)
            {
                var old = scores.GetValueOrDefault(period);
                var now = old + delta;
                scores[period] = now;
                if (old > 0)
                {
                    actions.Add(Delete(Individual(period, old, member.WorkerId)));
                }

                actions.Add(Upsert(new TableEntity(Partition, Individual(period, now, member.WorkerId)) { ["Points"] = now, ["DisplayName"] = name, ["UnitId"] = unitId, ["Anonymous"] = anonymous }));
                var (points, active) = unit.GetValueOrDefault(period);
                unit[period] = (points + delta, active + (old == 0 ? 1 : 0));
            }

            var sequence = Math.Max(watermark, member.Lines[^1].Sequence);
            actions.Add(Guarded(member.Watermark, new TableEntity(Partition, Watermark(member.WorkerId)) { ["Sequence"] = sequence, ["Scores"] = Json.Serialize(scores), ["Active"] = remembered[i], ["Anonymous"] = anonymous }));
        }

        var memberCount = rows.GetValueOrDefault(Members(unitId))?.GetInt32("Members") ?? 0;
        foreach (var (period, (delta, newlyActive)) in unit)
        {
            var totals = rows.GetValueOrDefault(Totals(period, unitId));
            var unitOld = totals?.GetInt64("Points") ?? 0;
            var unitNow = unitOld + delta;
            var active = (totals?.GetInt32("Active") ?? 0) + newlyActive;
            var rate = Participation.Rate(active, memberCount);
            var oldRateKey = totals?.GetString("RateKey");
            var rateKey = UnitByRate(period, rate, unitId);
            if (unitOld > 0)
            {
                actions.Add(Delete(UnitByPoints(period, unitOld, unitId)));
            }

            actions.Add(Upsert(new TableEntity(Partition, UnitByPoints(period, unitNow, unitId)) { ["Points"] = unitNow, ["DisplayName"] = unitId, ["Active"] = active, ["Members"] = memberCount }));
            if (oldRateKey is not null && oldRateKey != rateKey)
            {
                actions.Add(Delete(oldRateKey));
            }

            actions.Add(Upsert(new TableEntity(Partition, rateKey) { ["Points"] = rate, ["DisplayName"] = unitId, ["Active"] = active, ["Members"] = memberCount }));
            actions.Add(Guarded(totals, new TableEntity(Partition, Totals(period, unitId)) { ["Points"] = unitNow, ["Active"] = active, ["RateKey"] = rateKey }));
        }

        actions.AddRange(overview);
        return actions;
    }

    private static TableTransactionAction Delete(string rowKey) => new(TableTransactionActionType.Delete, new TableEntity(Partition, rowKey), Azure.ETag.All);

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    /// <summary>Written under the ETag it was read with, or added if it was not there: two projectors never both win.</summary>
    private static TableTransactionAction Guarded(TableEntity? read, TableEntity row) =>
        read is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, read.ETag);
}
