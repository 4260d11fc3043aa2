using Rewards.Domain.Ledger;

namespace Rewards.Domain.Tests;

public sealed class LedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void An_earning_raises_balance_lifetime_and_sequence()
    {
        var posted = Ledger.Postings.Post(AccountState.Empty, new Posting(5, LedgerKinds.Learning, "学习", "content:c1"), "t1", Now);

        Assert.Equal(new AccountState(5, 0, 5, 0, 0, 1), posted.Value.Next);
        Assert.Equal(5, posted.Value.Line.BalanceAfter);
        Assert.Equal(1, posted.Value.Line.Sequence);
    }

    [Fact]
    public void A_positive_adjustment_is_not_a_lifetime_earning()
    {
        var posted = Adjustments.Decide(AccountState.Empty, 10, "补发", "admin", "t1", Now);

        Assert.Equal(10, posted.Value.Next.Balance);
        Assert.Equal(0, posted.Value.Next.LifetimeEarned);
    }

    [Fact]
    public void A_debit_below_zero_is_refused_with_the_balance()
    {
        var account = AccountState.Empty with { Balance = 3 };

        var posted = Adjustments.Decide(account, -4, "扣减", "admin", "t1", Now);

        Assert.Equal(RefusalCodes.InsufficientPoints, posted.Refusal!.Code);
        Assert.Equal(3L, posted.Refusal.Extensions!["balance"]);
    }

    [Fact]
    public void A_zero_posting_is_refused()
    {
        var posted = Adjustments.Decide(AccountState.Empty, 0, "无", "admin", "t1", Now);

        Assert.Equal(RefusalCodes.InvalidAmount, posted.Refusal!.Code);
    }

    [Fact]
    public void The_same_key_and_request_replays_the_first_outcome()
    {
        var check = Idempotency.Check(new IdempotencyRecord("h1", "{\"txId\":\"t1\"}"), "h1");

        Assert.Equal("{\"txId\":\"t1\"}", check.Value);
    }

    [Fact]
    public void The_same_key_with_another_request_is_refused()
    {
        var check = Idempotency.Check(new IdempotencyRecord("h1", "{}"), "h2");

        Assert.Equal(RefusalCodes.IdempotencyKeyReused, check.Refusal!.Code);
    }

    [Fact]
    public void A_new_key_has_no_outcome_yet()
    {
        var check = Idempotency.Check(null, "h1");

        Assert.False(check.IsRefused);
        Assert.Null(check.Value);
    }
}
