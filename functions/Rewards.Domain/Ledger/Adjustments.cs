namespace Rewards.Domain.Ledger;

public static class Adjustments
{
    /// <summary>An admin credit or debit: any non-zero amount, never below a zero balance.</summary>
    public static Decision<(AccountState Next, LedgerLine Line)> Decide(AccountState account, long amount, string reason, string adminRef, string txId, DateTimeOffset now) =>
        Postings.Post(account, new Posting(amount, LedgerKinds.Adjustment, reason, adminRef), txId, now);
}
