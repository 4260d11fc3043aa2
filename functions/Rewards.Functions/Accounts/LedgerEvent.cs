namespace Rewards.Functions.Accounts;

/// <summary>What the ledger tells the rest of the system, once per ledger line, via the outbox and the ledger-events queue.</summary>
public sealed record LedgerEvent(
    string TxId,
    string WorkerId,
    string UnitId,
    long Sequence,
    long Amount,
    string Kind,
    string Reason,
    string SourceRef,
    long BalanceAfter,
    long Held,
    long LifetimeEarned,
    DateTimeOffset At,
    string Day);
