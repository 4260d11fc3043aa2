namespace Rewards.Domain.Ledger;

/// <summary>
/// A decided change to a worker's points, not yet written: the amount the worker's points change by (+/-),
/// kind, reason shown to the worker, what caused it, and how much moves into (+) or out of (-) held points.
/// A hold is amount 0 and held +n (balance -n); a release is amount 0 and held -n; spending held points is
/// amount -n and held -n. So balance + held always equals the sum of the amounts.
/// </summary>
public sealed record Posting(long Amount, string Kind, string Reason, string SourceRef, long HeldChange = 0);

/// <summary>A written ledger line: the posting plus its position, time and the balance it left.</summary>
public sealed record LedgerLine(string TxId, long Sequence, long Amount, string Kind, string Reason, string SourceRef, long BalanceAfter, DateTimeOffset At, long HeldChange = 0);

public static class Postings
{
    /// <summary>
    /// Applies a posting to the account. Credits count toward lifetime earnings when they are earnings;
    /// a debit that would take the balance below zero is refused.
    /// </summary>
    public static Decision<(AccountState Next, LedgerLine Line)> Post(AccountState account, Posting posting, string txId, DateTimeOffset at)
    {
        if (posting.Amount == 0 && posting.HeldChange == 0)
        {
            return new Refusal(RefusalCodes.InvalidAmount, "A ledger line must move at least one point.");
        }

        var balance = account.Balance + posting.Amount - posting.HeldChange;
        var held = account.Held + posting.HeldChange;
        if (balance < 0)
        {
            return new Refusal(
                RefusalCodes.InsufficientPoints,
                $"The balance is {account.Balance}; this needs {account.Balance - balance}.",
                new Dictionary<string, object?> { ["balance"] = account.Balance });
        }

        if (held < 0)
        {
            throw new InvalidOperationException($"Held points would go below zero ({account.Held} + {posting.HeldChange}): a bug, never a refusal.");
        }

        var earned = posting.Amount > 0 && LedgerKinds.IsEarning(posting.Kind) ? posting.Amount : 0;
        var next = account with
        {
            Balance = balance,
            Held = held,
            Spent = account.Spent + (posting.HeldChange < 0 && posting.Amount < 0 ? -posting.Amount : 0),
            Expired = account.Expired + (posting.Kind == Expiry.Kind ? -posting.Amount : 0),
            LifetimeEarned = account.LifetimeEarned + earned,
            Sequence = account.Sequence + 1,
        };
        var line = new LedgerLine(txId, next.Sequence, posting.Amount, posting.Kind, posting.Reason, posting.SourceRef, balance, at, posting.HeldChange);
        return (next, line);
    }
}
