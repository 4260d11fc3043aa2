using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Rewards.Domain;
using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Accounts;

/// <summary>
/// A request to change a worker's partition. <see cref="IdemKey"/> names the request (a view id, an
/// Idempotency-Key); the same key with the same <see cref="RequestHash"/> replays the first outcome.
/// <see cref="Query"/> names the other rows of the partition the decision looks at (a view, a once-marker).
/// </summary>
internal sealed record LedgerCommand(string WorkerId, WorkerPrincipal? Caller, string? IdemKey, string RequestHash, SnapshotQuery Query);

/// <summary>A decision's outcome, and the change that was committed for it (null: none, as for a replay).</summary>
internal sealed record Written<TOutcome>(TOutcome Outcome, LedgerChange? Committed);

/// <summary>What a decision sees: the typed snapshot of the partition (with the account and today's tally), the rules and the time.</summary>
internal sealed record LedgerRead(WorkerSnapshot Snapshot, RulesSnapshot Rules, DateTimeOffset Now)
{
    public WorkerAccount Account => Snapshot.Account!;

    public DayTally Today => Snapshot.Today;
}

/// <summary>
/// Read, decide, write: one partition query, one pure decision, one entity group transaction guarded by the
/// account's ETag. A 412 (someone else moved the account) or 409 (someone else wrote the marker) means
/// re-read and decide again, under a short jittered retry. Cost per award: 2 storage calls, flat in the
/// ledger's length; publishing the outbox row afterwards costs 2 more, off the decision.
/// A decision that changes nothing commits nothing (no marker that would replay an empty outcome later), and
/// nothing outlives one attempt: a retry decides again on a fresh read. When storage fails in a way that leaves
/// the commit's fate unknown, the rows the transaction added are read back: a commit that went through is
/// reported as done, one that did not is tried again, and only when storage cannot even be asked does the
/// caller hear that the outcome is unknown.
/// </summary>
internal sealed class LedgerWriter(AccountsTable accounts, Outbox outbox, ExpirySchedule expiry, RulesStore rules, TimeProvider clock, ILogger<LedgerWriter> log)
{
    public async Task<Decision<TOutcome>> WriteAsync<TOutcome>(LedgerCommand command, Func<LedgerRead, Decision<Decided<TOutcome>>> decide, CancellationToken ct)
        where TOutcome : class =>
        (await WriteChangeAsync(command, decide, ct)).Then<TOutcome>(written => written.Outcome);

    /// <summary>As <see cref="WriteAsync"/>, and says which change was committed: none for a replay or a decision that changes nothing.</summary>
    public async Task<Decision<Written<TOutcome>>> WriteChangeAsync<TOutcome>(LedgerCommand command, Func<LedgerRead, Decision<Decided<TOutcome>>> decide, CancellationToken ct)
        where TOutcome : class
    {
        try
        {
            var (result, published) = await ConcurrencyRetry.Transient.ExecuteAsync(
                async outer => await ConcurrencyRetry.Pipeline.ExecuteAsync(async token => await AttemptAsync(command, decide, token), outer),
                ct);
            foreach (var (key, queue, json) in published)
            {
                await outbox.TryPublishAsync(command.WorkerId, key, queue, json);
            }

            return result;
        }
        catch (RequestFailedException e) when (ConcurrencyRetry.IsConflict(e))
        {
            log.LogWarning("Gave up on {WorkerId} after repeated contention", command.WorkerId);
            return new Refusal(ProblemCodes.Contention, "The account is busy; try again in a moment.");
        }
    }

    /// <summary>
    /// Commits a change that moves no points, decided by the caller on <paramref name="read"/>: a row moved since
    /// fails it with 412 (or 404 for a row gone), and the caller reads and decides again. Its messages are published after it.
    /// </summary>
    public async Task CommitAsync(WorkerSnapshot read, LedgerChange change, CancellationToken ct)
    {
        if (change.Posting is not null)
        {
            throw new ArgumentException("A posting goes through WriteAsync, which reads the account it moves.", nameof(change));
        }

        var (batch, published) = Batch(read, change, null, null, null, null, read.Today.Day);
        if (batch.Count == 0)
        {
            return;
        }

        await accounts.CommitAsync(batch, ct);
        foreach (var (key, queue, json) in published)
        {
            await outbox.TryPublishAsync(read.WorkerId, key, queue, json);
        }
    }

    private async Task<(Decision<Written<TOutcome>> Result, IReadOnlyList<(string Key, string Queue, string Json)> Published)> AttemptAsync<TOutcome>(
        LedgerCommand command, Func<LedgerRead, Decision<Decided<TOutcome>>> decide, CancellationToken ct)
        where TOutcome : class
    {
        var now = clock.GetUtcNow();
        var rulesNow = await rules.GetAsync(ct);
        var snapshot = await accounts.ReadAsync(command.WorkerId, command.Query with { Day = rulesNow.Today(now), Idem = command.IdemKey }, ct);
        if (snapshot.Account is not { } account)
        {
            return (new Refusal(ProblemCodes.WorkerNotFound, $"There is no worker '{command.WorkerId}'."), []);
        }

        if (command.Caller is { } caller && snapshot.Refusal(caller) is { } revoked)
        {
            return (revoked, []);
        }

        var check = Idempotency.Check(snapshot.Idem, command.RequestHash);
        if (check.IsRefused)
        {
            return (check.Refusal!, []);
        }

        if (check.Value is { } first)
        {
            return (new Written<TOutcome>(Json.Deserialize<TOutcome>(first)!, null), []);
        }

        var decided = decide(new LedgerRead(snapshot, rulesNow, now));
        if (decided.IsRefused)
        {
            return (decided.Refusal!, []);
        }

        var change = decided.Value!.Change;
        var txId = RowKeys.NewId(now);
        var (next, line) = (account.State, (LedgerLine?)null);
        if (change.Posting is { } posting)
        {
            var posted = Postings.Post(account.State, posting, txId, now);
            if (posted.IsRefused)
            {
                return (posted.Refusal!, []);
            }

            (next, line) = posted.Value;
        }

        var result = decided.Value.Outcome(new Posted(line, next));
        if (change.IsEmpty)
        {
            // The decision changes nothing (a settle of a redemption that has moved on, a share open that credits
            // no one): nothing is committed, so a later request with the same key decides afresh.
            return (new Written<TOutcome>(result, null), []);
        }

        var e = line is null ? null : new LedgerEvent(txId, command.WorkerId, account.UnitId, line.Sequence, line.Amount, line.Kind, line.Reason, line.SourceRef, next.Balance, next.Held, next.LifetimeEarned, now, LocalDay.Key(snapshot.Today.Day));
        var scheduled = await expiry.ScheduleAsync(account, line, rulesNow, ct);
        var idem = command.IdemKey is null ? null : new TableEntity(command.WorkerId, RowKeys.Idem(command.IdemKey)) { ["RequestHash"] = command.RequestHash, ["Outcome"] = Json.Serialize(result), ["TxId"] = txId };
        var (batch, published) = Batch(snapshot, change, line is null ? null : (line, next), scheduled, e, idem, snapshot.Today.Day, txId);
        try
        {
            await accounts.CommitAsync(batch, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && change.Deletes.Count > 0)
        {
            // A row the change deletes is gone already (the outbox sweep took it after this read): what was read is
            // stale, as a 412 would say, and the transaction changed nothing. Decide again from a fresh read.
            throw new RequestFailedException(412, "A row this change deletes was removed since it was read.", ex);
        }
        catch (Exception ex) when (StorageFailures.IsUnreachable(ex))
        {
            if (!await CommittedAsync(command.WorkerId, batch, txId, ex, ct))
            {
                throw;
            }

            log.LogWarning(ex, "Transaction {TxId} of {WorkerId} was committed although storage answered with a failure", txId, command.WorkerId);
        }

        if (line is not null)
        {
            log.LogInformation("Posted {Amount} ({Kind}) to {WorkerId} as {TxId}", line.Amount, line.Kind, command.WorkerId, txId);
        }

        return (new Written<TOutcome>(result, change), published);
    }

    /// <summary>
    /// The one place a change becomes an entity group transaction: markers, typed rows (added, or written under
    /// the version read), today's counters under the day row's ETag, the ledger line with the account under its
    /// ETag, the idempotency marker and the outbox rows (the ledger event's and the change's messages).
    /// </summary>
    private static (List<TableTransactionAction> Batch, List<(string Key, string Queue, string Json)> Published) Batch(
        WorkerSnapshot read, LedgerChange change, (LedgerLine Line, AccountState Next)? posted, int? scheduled, LedgerEvent? e, TableEntity? idem, DateOnly day, string txId = "")
    {
        var workerId = read.WorkerId;
        var messages = change.Outbox.Select(m => (m.Key, m.Queue, Json: Json.Serialize(m.Payload))).ToList();
        List<TableTransactionAction> batch =
        [
            .. change.Once.Select(k => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(workerId, RowKeys.Once(k)) { ["TxId"] = txId })),
            .. change.Puts.Select(r => AccountRow.Put(workerId, r)),
            .. change.Deletes.Select(r => AccountRow.Delete(workerId, r)),
            .. messages.Select(m => AccountRow.OutboxAdd(workerId, m.Key, m.Queue, m.Json)),
        ];
        if (idem is not null)
        {
            batch.Add(new(TableTransactionActionType.Add, idem));
        }

        var tally = read.Today.Day == day ? read.Today : DayTally.Empty(day);
        List<string> pointsOf = [];
        List<string> attemptsOf = [];
        if (change.CountsAttemptOf is { } action)
        {
            tally = tally.AddAttempt(action);
            attemptsOf.Add(action);
        }

        if (posted is { } p)
        {
            var (line, next) = p;
            batch.Add(new(TableTransactionActionType.Add, AccountRow.TxRow(workerId, line)));
            batch.Add(new(TableTransactionActionType.UpdateMerge, AccountRow.Update(workerId, next, scheduled, read.Account!.Version!), new ETag(read.Account.Version!)));
            batch.Add(AccountRow.OutboxAdd(workerId, e!.TxId, StorageNames.LedgerEvents, Json.Serialize(e)));
            if (LedgerKinds.IsCapped(line.Kind) && line.Amount > 0)
            {
                tally = tally.Add(line.Kind, line.Amount);
                pointsOf.Add(line.Kind);
            }

            messages.Insert(0, (e.TxId, StorageNames.LedgerEvents, Json.Serialize(e)));
        }

        if (pointsOf.Count + attemptsOf.Count > 0)
        {
            batch.Add(AccountRow.DayWrite(workerId, tally, read.TodayVersion, pointsOf, attemptsOf));
        }

        return (batch, messages);
    }
    /// <summary>
    /// Whether a transaction whose answer was lost went through: every row it adds carries its txId (the ledger
    /// line in its key, the markers in a column), so finding one of them written by this transaction settles it.
    /// </summary>
    private async Task<bool> CommittedAsync(string workerId, IReadOnlyList<TableTransactionAction> batch, string txId, Exception failure, CancellationToken ct)
    {
        var added = batch.Where(a => a.ActionType == TableTransactionActionType.Add).Select(a => a.Entity.RowKey).ToList();
        if (added.Count == 0)
        {
            throw new CommitOutcomeUnknownException($"A transaction of {workerId} adds no row to look for.", failure);
        }

        try
        {
            return await accounts.WroteAsync(workerId, added, txId, ct);
        }
        catch (Exception ex) when (StorageFailures.IsUnreachable(ex))
        {
            throw new CommitOutcomeUnknownException($"Whether transaction {txId} of {workerId} was committed is unknown: storage is unreachable.", new AggregateException(failure, ex));
        }
    }
}
