namespace Rewards.Domain.Ledger;

/// <summary>A message to send after the commit, written in the same transaction (the outbox): its key, its queue, its payload.</summary>
public sealed record OutboxMessage(string Key, string Queue, object Payload);

/// <summary>
/// What a decision wants written to the worker's partition, as domain values: a posting (the writer turns it into
/// a ledger line, the account's new state, today's points and the ledger event), once-markers, typed rows to put
/// (a row without a version is added, one with a version is written under it) or delete, one more attempt of an
/// action counted today, and messages for the outbox.
/// </summary>
public sealed record LedgerChange
{
    /// <summary>A decision that changes nothing: nothing is committed for it, not even its idempotency marker.</summary>
    public static LedgerChange None { get; } = new();

    public Posting? Posting { get; init; }

    public IReadOnlyList<string> Once { get; init; } = [];

    public IReadOnlyList<PartitionRow> Puts { get; init; } = [];

    public IReadOnlyList<PartitionRow> Deletes { get; init; } = [];

    /// <summary>The earning action of which one more attempt is counted in today's tally (a lesson, a quiz, a report started).</summary>
    public string? CountsAttemptOf { get; init; }

    public IReadOnlyList<OutboxMessage> Outbox { get; init; } = [];

    public bool IsEmpty => Posting is null && Once.Count == 0 && Puts.Count == 0 && Deletes.Count == 0 && CountsAttemptOf is null && Outbox.Count == 0;

    public static implicit operator LedgerChange(Posting posting) => new() { Posting = posting };
}

/// <summary>What the posting did: the line written (none without a posting) and the account after it.</summary>
public sealed record Posted(LedgerLine? Line, AccountState Account);

/// <summary>
/// A decision's result: the change, and how to answer once it is posted. The answer is a pure function of the
/// posted line, built by the same decision, so nothing outlives one decision.
/// </summary>
public sealed record Decided<TOutcome>(LedgerChange Change, Func<Posted, TOutcome> Outcome);

public static class Decided
{
    /// <summary>The change, answered once posted by <paramref name="outcome"/>.</summary>
    public static Decision<Decided<TOutcome>> As<TOutcome>(this LedgerChange change, Func<Posted, TOutcome> outcome) => new Decided<TOutcome>(change, outcome);
}
