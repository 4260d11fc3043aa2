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
/// A request to move points. <see cref="IdemKey"/> names the request (a view id, an Idempotency-Key); the
/// same key with the same <see cref="RequestHash"/> replays the first outcome. <see cref="ExtraRowKeys"/> are
/// the other rows of the partition the decision looks at (a view, a once-marker).
/// </summary>
internal sealed record LedgerCommand(string WorkerId, WorkerPrincipal? Caller, string? IdemKey, string RequestHash, IReadOnlyList<string> ExtraRowKeys);

/// <summary>
/// What a decision wants written: a ledger line (or none, when only process state changes, such as a quiz
/// graded at zero points), once-markers and other rows of the same partition.
/// </summary>
internal sealed record LedgerChange(Posting? Posting, IReadOnlyList<string> OnceKeys, IReadOnlyList<TableTransactionAction> Extra)
{
    /// <summary>A decision that changes nothing: nothing is committed for it, not even its idempotency marker.</summary>
    public static LedgerChange None { get; } = new(null, [], []);

    public bool IsEmpty => Posting is null && OnceKeys.Count == 0 && Extra.Count == 0;

    public static implicit operator LedgerChange(Posting posting) => new(posting, [], []);
}

/// <summary>What a decision sees: the rows it asked for, the account, today's tally, the rules and the time.</summary>
internal sealed record LedgerRead(PartitionRead Rows, AccountState Account, DayTally Today, RulesSnapshot Rules, DateTimeOffset Now);

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
    public async Task<Decision<TOutcome>> WriteAsync<TOutcome>(
        LedgerCommand command,
        Func<LedgerRead, Decision<LedgerChange>> decide,
        Func<LedgerLine?, AccountState, RulesSnapshot, TOutcome> outcome,
        CancellationToken ct)
        where TOutcome : class
    {
        try
        {
            var (result, published) = await ConcurrencyRetry.Transient.ExecuteAsync(
                async outer => await ConcurrencyRetry.Pipeline.ExecuteAsync(async token => await AttemptAsync(command, decide, outcome, token), outer),
                ct);
            if (published is not null)
            {
                await outbox.TryPublishAsync(published);
            }

            return result;
        }
        catch (RequestFailedException e) when (ConcurrencyRetry.IsConflict(e))
        {
            log.LogWarning("Gave up on {WorkerId} after repeated contention", command.WorkerId);
            return new Refusal(ProblemCodes.Contention, "The account is busy; try again in a moment.");
        }
    }

    private async Task<(Decision<TOutcome> Result, LedgerEvent? Published)> AttemptAsync<TOutcome>(
        LedgerCommand command,
        Func<LedgerRead, Decision<LedgerChange>> decide,
        Func<LedgerLine?, AccountState, RulesSnapshot, TOutcome> outcome,
        CancellationToken ct)
        where TOutcome : class
    {
        var now = clock.GetUtcNow();
        var snapshot = await rules.GetAsync(ct);
        var today = snapshot.Today(now);
        var dayKey = RowKeys.Day(LocalDay.Key(today));
        var idemKey = command.IdemKey is null ? null : RowKeys.Idem(command.IdemKey);
        var rows = await accounts.ReadAsync(command.WorkerId, [RowKeys.Account, dayKey, .. idemKey is null ? Array.Empty<string>() : [idemKey], .. command.ExtraRowKeys], ct);

        if (rows.Account is not { } account)
        {
            return (new Refusal(ProblemCodes.WorkerNotFound, $"There is no worker '{command.WorkerId}'."), null);
        }

        if (command.Caller is { } caller && rows.Refusal(caller) is { } revoked)
        {
            return (revoked, null);
        }

        var marker = idemKey is not null && rows.Row(idemKey) is { } idem ? new IdempotencyRecord(idem.GetString("RequestHash") ?? "", idem.GetString("Outcome") ?? "") : null;
        var check = Idempotency.Check(marker, command.RequestHash);
        if (check.IsRefused)
        {
            return (check.Refusal!, null);
        }

        if (check.Value is { } first)
        {
            return (Json.Deserialize<TOutcome>(first)!, null);
        }

        var state = AccountRow.State(account);
        var dayRow = rows.Row(dayKey);
        var tally = AccountRow.Day(dayRow, today);
        var change = decide(new LedgerRead(rows, state, tally, snapshot, now));
        if (change.IsRefused)
        {
            return (change.Refusal!, null);
        }

        var txId = RowKeys.NewId(now);
        var (next, line) = (state, (LedgerLine?)null);
        if (change.Value!.Posting is { } posting)
        {
            var posted = Postings.Post(state, posting, txId, now);
            if (posted.IsRefused)
            {
                return (posted.Refusal!, null);
            }

            (next, line) = posted.Value;
        }

        var result = outcome(line, next, snapshot);
        var e = line is null ? null : new LedgerEvent(txId, command.WorkerId, AccountRow.UnitId(account), line.Sequence, line.Amount, line.Kind, line.Reason, line.SourceRef, next.Balance, next.Held, next.LifetimeEarned, now, LocalDay.Key(today));

        List<TableTransactionAction> batch =
        [
            .. change.Value.OnceKeys.Select(k => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(command.WorkerId, RowKeys.Once(k)) { ["TxId"] = txId })),
            .. change.Value.Extra,
        ];
        if (idemKey is not null)
        {
            batch.Add(new(TableTransactionActionType.Add, new TableEntity(command.WorkerId, idemKey) { ["RequestHash"] = command.RequestHash, ["Outcome"] = Json.Serialize(result), ["TxId"] = txId }));
        }

        if (line is not null)
        {
            batch.Add(new(TableTransactionActionType.Add, AccountRow.TxRow(command.WorkerId, line)));
            batch.Add(new(TableTransactionActionType.UpdateMerge, AccountRow.Update(account, next), account.ETag));
            batch.Add(Outbox.Row(e!));
            if (LedgerKinds.IsCapped(line.Kind) && line.Amount > 0)
            {
                batch.Add(AccountRow.DayPoints(command.WorkerId, dayRow, tally.Add(line.Kind, line.Amount), line.Kind));
            }
        }

        if (change.Value.IsEmpty)
        {
            // The decision changes nothing (a settle of a redemption that has moved on, a share open that credits
            // no one): nothing is committed, so a later request with the same key decides afresh.
            return (result, null);
        }

        await expiry.ScheduleAsync(account, line, snapshot, batch, ct);
        try
        {
            await accounts.CommitAsync(batch, ct);
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

        return (result, e);
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
            var rows = await accounts.ReadAsync(workerId, added, ct);
            return rows.Rows.Values.Any(r => r.RowKey.EndsWith(txId, StringComparison.Ordinal) || r.GetString("TxId") == txId);
        }
        catch (Exception ex) when (StorageFailures.IsUnreachable(ex))
        {
            throw new CommitOutcomeUnknownException($"Whether transaction {txId} of {workerId} was committed is unknown: storage is unreachable.", new AggregateException(failure, ex));
        }
    }
}
