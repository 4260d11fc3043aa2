using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Rewards.Domain.Ledger;
using Rewards.Domain.Progress;
using Rewards.Functions.Accounts;
using Rewards.Functions.Overview;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;
using static Rewards.Functions.Leaderboards.LeaderboardsTable;

namespace Rewards.Functions.Leaderboards;

/// <summary>
/// Keeps progress (badges, streaks) and the leaderboards current from ledger-events. The event is only a
/// nudge: the projector reads the worker's ledger lines it has not applied yet (so duplicates, late and
/// out-of-order deliveries all come out right) and applies them under two watermarks, each written
/// atomically with what it guards: the board watermark inside the boards' transaction, the progress
/// sequence inside the progress row. Four storage calls per event: two queries, two writes.
/// </summary>
internal sealed class Projector(AccountsTable accounts, LeaderboardsTable boards, RulesStore rules, BoardInterleavings interleavings, ILogger<Projector> log)
{
    /// <summary>How many of the newest ledger lines one read takes; a projector further behind reads again.</summary>
    private const int Window = 64;

    /// <summary>An EGT holds 100 entities; a unit's change to one period takes at most 7, the overview one per month and one more, the watermark one.</summary>
    private const int MaxPeriodsPerCommit = 10;

    /// <summary>Applies every line of the worker's ledger up to the event's, in steps of at most one window each.</summary>
    public async Task ApplyAsync(LedgerEvent e, CancellationToken ct)
    {
        var reached = -1L;
        while (reached < e.Sequence)
        {
            var before = reached;
            reached = await ConcurrencyRetry.Pipeline.ExecuteAsync(async token => await StepAsync(e.WorkerId, e.Sequence, token), ct);
            if (reached <= before)
            {
                return;
            }
        }
    }

    /// <summary>One step: reads at most a window of unapplied lines, applies them, and returns the lower of the two watermarks after it.</summary>
    private async Task<long> StepAsync(string workerId, long target, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var read = await ReadLinesAsync(workerId, target, ct);
        if (read.Account is not { } account)
        {
            return long.MaxValue;
        }

        var progressRow = read.Row(RowKeys.Progress);
        var progress = progressRow?.GetString("Json") is { } json ? Json.Deserialize<ProgressState>(json)! : ProgressState.Empty;
        var unitId = AccountRow.UnitId(account);
        var lines = Lines(read);
        var boardRows = await boards.ReadAsync(
            [Watermark(workerId), Members(unitId), .. lines.SelectMany(l => PeriodsOf(l, snapshot)).Distinct().Select(p => Totals(p, unitId)), .. OverviewRows.KeysOf(lines, unitId, snapshot)],
            ct);
        var (boardSequence, scores) = Scores(boardRows.GetValueOrDefault(Watermark(workerId)));
        var oldest = Math.Min(progress.Sequence, boardSequence);
        if (target <= oldest)
        {
            return oldest;
        }

        if (lines.Count == 0 || lines[0].Sequence > oldest + 1)
        {
            // Further behind than one window: read the older lines first. When the window already reached
            // them, there are none: the event spoke of lines that do not exist, and there is nothing to do.
            var earlier = oldest + Window;
            return earlier < target ? await StepAsync(workerId, earlier, ct) : oldest;
        }

        var boardLines = lines.Where(l => l.Sequence > boardSequence).ToList();
        var periods = new HashSet<string>();
        var applied = new List<LedgerLine>();
        foreach (var line in boardLines)
        {
            if (periods.Union(PeriodsOf(line, snapshot)).Count() > MaxPeriodsPerCommit || OverviewRows.MonthsOf([.. applied, line], snapshot) > MaxPeriodsPerCommit)
            {
                break;
            }

            periods.UnionWith(PeriodsOf(line, snapshot));
            applied.Add(line);
        }

        if (applied.Count > 0)
        {
            await interleavings.BeforeBoardsCommit(workerId);
            try
            {
                await boards.CommitAsync(BoardChanges(workerId, unitId, account, applied, scores, boardRows, boardSequence, snapshot), ct);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // A rank row this change deletes was already moved by a concurrent projection (another member of
                // the unit): what was read is stale, as a 412 would say, and the transaction changed nothing.
                // Decide again from a fresh read instead of failing the event.
                throw new RequestFailedException(412, "A board row that was read has been changed by a concurrent projection.", e);
            }
        }

        var progressed = lines.Aggregate(progress, (state, line) => ProgressRules.Apply(state, line, snapshot.Today(line.At)));
        if (progressed.Sequence > progress.Sequence)
        {
            await accounts.SaveProgressAsync(workerId, progressRow, Json.Serialize(progressed), ct);
        }

        var boardReached = applied.Count > 0 ? applied[^1].Sequence : boardSequence;
        log.LogInformation("Projected {WorkerId}: boards to #{Boards}, progress to #{Progress}", workerId, boardReached, progressed.Sequence);
        return Math.Min(boardReached, progressed.Sequence);
    }

    /// <summary>The account, the progress row and the newest window of ledger lines up to <paramref name="upTo"/>, in one query.</summary>
    private Task<PartitionRead> ReadLinesAsync(string workerId, long upTo, CancellationToken ct) =>
        accounts.ReadWithRangeAsync(workerId, RowKeys.TxAtOrBelow(upTo), RowKeys.TxAtOrBelow(Math.Max(0, upTo - Window)), ct, RowKeys.Progress);

    private static List<LedgerLine> Lines(PartitionRead read) =>
        [.. read.Rows.Values.Where(r => r.RowKey.StartsWith(RowKeys.TxFrom, StringComparison.Ordinal)).Select(AccountRow.Line).OrderBy(l => l.Sequence)];

    private static IReadOnlyList<string> PeriodsOf(LedgerLine line, RulesSnapshot snapshot) =>
        LedgerKinds.IsEarning(line.Kind) && line.Amount > 0 ? Periods.Of(snapshot.Local(line.At).DateTime, line.Kind, snapshot.Campaigns) : [];

    private static List<TableTransactionAction> BoardChanges(
        string workerId, string unitId, TableEntity account, IReadOnlyList<LedgerLine> lines, Dictionary<string, long> scores,
        IReadOnlyDictionary<string, TableEntity> rows, long watermark, RulesSnapshot snapshot)
    {
        var actions = new List<TableTransactionAction>();
        var name = AccountRow.DisplayName(account);
        // The flag guarded by the watermark's ETag, not the account's as read before: a preference set since then
        // changed the watermark, so this commit fails and is decided again. The account speaks only for older rows.
        var watermarkRow = rows.GetValueOrDefault(Watermark(workerId));
        var anonymous = Anonymous(watermarkRow) ?? account.GetBoolean("Anonymous") ?? false;
        var members = rows.GetValueOrDefault(Members(unitId))?.GetInt32("Members") ?? 0;
        var deltas = lines.SelectMany(l => PeriodsOf(l, snapshot).Select(p => (Period: p, l.Amount)))
            .GroupBy(d => d.Period)
            .ToDictionary(g => g.Key, g => g.Sum(d => d.Amount));
        foreach (var (period, delta) in deltas)
        {
            var old = scores.GetValueOrDefault(period);
            var now = old + delta;
            scores[period] = now;
            if (old > 0)
            {
                actions.Add(Delete(Individual(period, old, workerId)));
            }

            actions.Add(Upsert(new TableEntity(Partition, Individual(period, now, workerId)) { ["Points"] = now, ["DisplayName"] = name, ["UnitId"] = unitId, ["Anonymous"] = anonymous }));

            var totals = rows.GetValueOrDefault(Totals(period, unitId));
            var unitOld = totals?.GetInt64("Points") ?? 0;
            var unitNow = unitOld + delta;
            var active = (totals?.GetInt32("Active") ?? 0) + (old == 0 ? 1 : 0);
            var rate = Math.Min(10_000L, active * 10_000L / Math.Max(1, Math.Max(members, active)));
            var oldRateKey = totals?.GetString("RateKey");
            var rateKey = UnitByRate(period, rate, unitId);
            if (unitOld > 0)
            {
                actions.Add(Delete(UnitByPoints(period, unitOld, unitId)));
            }

            actions.Add(Upsert(new TableEntity(Partition, UnitByPoints(period, unitNow, unitId)) { ["Points"] = unitNow, ["DisplayName"] = unitId, ["Active"] = active, ["Members"] = members }));
            if (oldRateKey is not null && oldRateKey != rateKey)
            {
                actions.Add(Delete(oldRateKey));
            }

            actions.Add(Upsert(new TableEntity(Partition, rateKey) { ["Points"] = rate, ["DisplayName"] = unitId, ["Active"] = active, ["Members"] = members }));
            actions.Add(Guarded(totals, new TableEntity(Partition, Totals(period, unitId)) { ["Points"] = unitNow, ["Active"] = active, ["RateKey"] = rateKey }));
        }

        var (overview, remembered) = OverviewRows.Changes(lines, unitId, OverviewRows.Remembered(watermarkRow), rows, snapshot, Partition);
        actions.AddRange(overview);
        var sequence = Math.Max(watermark, lines[^1].Sequence);
        actions.Add(Guarded(watermarkRow, new TableEntity(Partition, Watermark(workerId)) { ["Sequence"] = sequence, ["Scores"] = Json.Serialize(scores), ["Active"] = remembered, ["Anonymous"] = anonymous }));
        return actions;
    }

    private static TableTransactionAction Delete(string rowKey) => new(TableTransactionActionType.Delete, new TableEntity(Partition, rowKey), Azure.ETag.All);

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    /// <summary>Written under the ETag it was read with, or added if it was not there: two projectors never both win.</summary>
    private static TableTransactionAction Guarded(TableEntity? read, TableEntity row) =>
        read is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, read.ETag);
}
