using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Rewards.Domain.Ledger;
using Rewards.Domain.Progress;
using Rewards.Functions.Accounts;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;
using static Rewards.Functions.Leaderboards.LeaderboardsTable;

namespace Rewards.Functions.Leaderboards;

/// <summary>A worker whose events wait: the newest event's sequence, and the sequence known to be applied, if known.</summary>
internal sealed record Want(string WorkerId, long Target, long? Low);

internal enum StepKind
{
    /// <summary>Applied through <see cref="Step.Through"/>; when exhausted, no later line existed as the round read.</summary>
    Advanced,

    /// <summary>The lines read start past the watermarks (at <see cref="Step.Through"/>): read from there next.</summary>
    ReadLower,

    /// <summary>The unit's transaction was full: next round.</summary>
    Deferred,

    /// <summary>No such account: nothing to project.</summary>
    Gone,

    /// <summary>Another writer changed a row that was read: decide again from a fresh read.</summary>
    Conflict,

    Failed,
}

internal sealed record Step(string WorkerId, StepKind Kind, long Through = 0, bool Exhausted = false, Exception? Error = null)
{
    public static Step Failed(string workerId, Exception error) => new(workerId, StepKind.Failed, Error: error);
}

/// <summary>
/// One round of the projector: reads each worker's unapplied lines (one partition query each, up to a window past
/// its newest event), then per unit one read of the board rows and one transaction for all its members
/// (<see cref="BoardChanges"/>), then each worker's progress row, up to what the boards reached (so the progress
/// watermark is never ahead of the boards'). Every worker's step is decided from this round's reads only; a conflict
/// is decided again in a later round from fresh ones.
/// </summary>
internal sealed class ProjectionRound(AccountsTable accounts, LeaderboardsTable boards, RulesStore rules, BoardInterleavings interleavings, ILogger<Projector> log)
{
    /// <summary>Ledger lines read below and above the newest event: one page, whatever the ledger's length.</summary>
    private const int Window = 64;

    public async Task<IReadOnlyList<Step>> RunAsync(IReadOnlyList<Want> wants, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var reads = await Task.WhenAll(wants.Select(w => ReadAsync(w, ct)));
        var steps = new List<Step>();
        foreach (var read in reads.Where(r => r.Error is not null || r.Rows!.Account is null))
        {
            steps.Add(read.Error is { } error ? Step.Failed(read.WorkerId, error) : new Step(read.WorkerId, StepKind.Gone));
        }

        var units = reads.Where(r => r.Error is null && r.Rows!.Account is not null).GroupBy(r => AccountRow.UnitId(r.Rows!.Account!));
        foreach (var unitSteps in await Task.WhenAll(units.Select(u => UnitAsync(u.Key, [.. u], snapshot, ct))))
        {
            steps.AddRange(unitSteps);
        }

        return steps;
    }

    /// <summary>
    /// Two windows of lines from what is known to be applied (else from a window below the newest event), with the
    /// account and the progress row, in one query: the lines past the newest event are its successors' still queued.
    /// </summary>
    private async Task<Read> ReadAsync(Want want, CancellationToken ct)
    {
        var from = want.Low ?? Math.Max(0, want.Target - Window);
        var to = from > long.MaxValue - (2 * Window) ? long.MaxValue : from + (2 * Window);
        try
        {
            var rows = await accounts.ReadWithRangeAsync(want.WorkerId, RowKeys.TxAtOrBelow(to), RowKeys.TxAtOrBelow(from), ct, RowKeys.Progress);
            var lines = rows.Rows.Values.Where(r => r.RowKey.StartsWith(RowKeys.TxFrom, StringComparison.Ordinal)).Select(AccountRow.Line).OrderBy(l => l.Sequence).ToList();
            return new Read(want.WorkerId, from, to, rows, lines, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Read(want.WorkerId, from, to, null, [], e);
        }
    }

    private async Task<IReadOnlyList<Step>> UnitAsync(string unitId, IReadOnlyList<Read> members, RulesSnapshot snapshot, CancellationToken ct)
    {
        IReadOnlyDictionary<string, TableEntity> rows;
        try
        {
            rows = await boards.ReadAsync([.. members.Select(m => Watermark(m.WorkerId)), .. BoardChanges.UnitKeys(unitId, members.SelectMany(m => m.Lines), snapshot)], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [.. members.Select(m => Step.Failed(m.WorkerId, e))];
        }

        var steps = new List<Step>();
        var parts = new List<MemberLines>();
        var plans = new List<Plan>();
        foreach (var member in members)
        {
            var watermark = rows.GetValueOrDefault(Watermark(member.WorkerId));
            var (boardSequence, _) = Scores(watermark);
            var progressRow = member.Rows!.Row(RowKeys.Progress);
            var progress = progressRow?.GetString("Json") is { } json ? Json.Deserialize<ProgressState>(json)! : ProgressState.Empty;
            var oldest = Math.Min(progress.Sequence, boardSequence);
            var next = member.Lines.FirstOrDefault(l => l.Sequence > oldest);
            if (next is null || next.Sequence > oldest + 1)
            {
                // Nothing unapplied in what was read: if the read reached down to the watermarks and up past them, the
                // ledger has no later line (sequences have no gaps). Watermarks at or above the read's top (another instance
                // applied further than this one knew) say nothing of the lines above it: advanced, not exhausted, so the
                // next read starts there. A read that began above the watermarks reads lower next.
                steps.Add(next is null && member.From <= oldest
                    ? new Step(member.WorkerId, StepKind.Advanced, oldest, Exhausted: oldest < member.To)
                    : new Step(member.WorkerId, StepKind.ReadLower, oldest));
                continue;
            }

            var boardLines = BoardChanges.Within(member.Lines.Where(l => l.Sequence > boardSequence), snapshot);
            if (boardLines.Count > 0)
            {
                if (parts.Count > 0 && BoardChanges.Entities([.. parts.Select(p => p.Lines), boardLines], snapshot) > BoardChanges.MaxEntities)
                {
                    steps.Add(new Step(member.WorkerId, StepKind.Deferred));
                    continue;
                }

                parts.Add(new MemberLines(member.WorkerId, member.Rows.Account!, watermark, boardLines));
            }

            plans.Add(new Plan(member, progressRow, progress, boardLines.Count > 0 ? boardLines[^1].Sequence : boardSequence));
        }

        if (parts.Count > 0 && await CommitAsync(unitId, parts, rows, snapshot, ct) is { } refused)
        {
            var inCommit = parts.Select(p => p.WorkerId).ToHashSet(StringComparer.Ordinal);
            steps.AddRange(plans.Where(p => inCommit.Contains(p.Read.WorkerId)).Select(p => refused with { WorkerId = p.Read.WorkerId }));
            plans.RemoveAll(p => inCommit.Contains(p.Read.WorkerId));
        }

        steps.AddRange(await Task.WhenAll(plans.Select(p => ProgressAsync(p, snapshot, ct))));
        return steps;
    }

    /// <summary>Commits the unit's transaction; null when it went through, else the step its members take.</summary>
    private async Task<Step?> CommitAsync(string unitId, IReadOnlyList<MemberLines> parts, IReadOnlyDictionary<string, TableEntity> rows, RulesSnapshot snapshot, CancellationToken ct)
    {
        try
        {
            foreach (var part in parts)
            {
                await interleavings.BeforeBoardsCommit(part.WorkerId);
            }

            await boards.CommitAsync(BoardChanges.Of(unitId, parts, rows, snapshot), ct);
            foreach (var part in parts)
            {
                await interleavings.AfterBoardsCommit(part.WorkerId);
            }

            return null;
        }
        catch (RequestFailedException e) when (e.Status is 404 || ConcurrencyRetry.IsConflict(e))
        {
            // 412 or 409: a guarded row changed or appeared since it was read. 404: a rank row this change deletes was
            // already moved by a concurrent projection; what was read is just as stale. Nothing was written either way.
            return new Step("", StepKind.Conflict, Error: e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Step.Failed("", e);
        }
    }

    /// <summary>Applies the lines up to what the boards reached to the worker's progress, under the row's ETag.</summary>
    private async Task<Step> ProgressAsync(Plan plan, RulesSnapshot snapshot, CancellationToken ct)
    {
        var read = plan.Read;
        var progressed = read.Lines.Where(l => l.Sequence <= plan.BoardsReached).Aggregate(plan.Progress, (state, line) => ProgressRules.Apply(state, line, snapshot.Today(line.At)));
        try
        {
            if (progressed.Sequence > plan.Progress.Sequence)
            {
                await accounts.SaveProgressAsync(read.WorkerId, plan.ProgressRow, Json.Serialize(progressed), ct);
            }
        }
        catch (RequestFailedException e) when (ConcurrencyRetry.IsConflict(e))
        {
            return new Step(read.WorkerId, StepKind.Conflict, Error: e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Step.Failed(read.WorkerId, e);
        }

        var through = Math.Min(plan.BoardsReached, progressed.Sequence);
        var last = read.Lines[^1].Sequence;
        log.LogInformation("Projected {WorkerId}: boards to #{Boards}, progress to #{Progress}", read.WorkerId, plan.BoardsReached, progressed.Sequence);
        return new Step(read.WorkerId, StepKind.Advanced, through, Exhausted: through >= last && last < read.To);
    }

    /// <summary>A worker's ledger as read: the lines in (<see cref="From"/>, <see cref="To"/>], or the error that stopped the read.</summary>
    private sealed record Read(string WorkerId, long From, long To, PartitionRead? Rows, List<LedgerLine> Lines, Exception? Error);

    private sealed record Plan(Read Read, TableEntity? ProgressRow, ProgressState Progress, long BoardsReached);
}
