namespace Rewards.Domain.Ledger;

/// <summary>A decided change to a worker's points, not yet written: amount (+/-), kind, reason shown to the worker, and what caused it.</summary>
public sealed record Posting(long Amount, string Kind, string Reason, string SourceRef);

/// <summary>A written ledger line: the posting plus its position, time and the balance it left.</summary>
public sealed record LedgerLine(string TxId, long Sequence, long Amount, string Kind, string Reason, string SourceRef, long BalanceAfter, DateTimeOffset At);

public static class Ledger
{
    /// <summary>
    /// Applies a posting to the account. Credits count toward lifetime earnings when they are earnings;
    /// a debit that would take the balance below zero is refused.
    /// </summary>
    public static Decision<(AccountState Next, LedgerLine Line)> Post(AccountState account, Posting posting, string txId, DateTimeOffset at)
    {
        if (posting.Amount == 0)
        {
            return new Refusal(RefusalCodes.InvalidAmount, "A ledger line must move at least one point.");
        }

        var balance = account.Balance + posting.Amount;
        if (balance < 0)
        {
            return new Refusal(
                RefusalCodes.InsufficientPoints,
                $"The balance is {account.Balance}; a debit of {-posting.Amount} would take it below zero.",
                new Dictionary<string, object?> { ["balance"] = account.Balance });
        }

        var earned = posting.Amount > 0 && LedgerKinds.IsEarning(posting.Kind) ? posting.Amount : 0;
        var next = account with
        {
            Balance = balance,
            LifetimeEarned = account.LifetimeEarned + earned,
            Sequence = account.Sequence + 1,
        };
        var line = new LedgerLine(txId, next.Sequence, posting.Amount, posting.Kind, posting.Reason, posting.SourceRef, balance, at);
        return (next, line);
    }
}
