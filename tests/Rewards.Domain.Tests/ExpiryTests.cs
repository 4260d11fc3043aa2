using Rewards.Domain.Ledger;

namespace Rewards.Domain.Tests;

public sealed class ExpiryTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static int _seq;

    private static LedgerLine Line(int year, int month, long amount, long held = 0) =>
        new($"t{++_seq}", _seq, amount, "x", "r", "s", 0, new DateTimeOffset(year, month, 1, 12, 0, 0, Shanghai), held);

    private static DateTimeOffset EndOfNextYear(DateTimeOffset at) => new(at.Year + 2, 1, 1, 0, 0, 0, Shanghai);

    [Fact]
    public void Debits_and_holds_take_the_oldest_points_first()
    {
        var lots = Expiry.Lots([Line(2025, 3, 10), Line(2026, 2, 5), Line(2026, 4, 0, held: 4), Line(2026, 5, -3)], EndOfNextYear);

        Assert.Equal([new Lot(3, new DateTimeOffset(2027, 1, 1, 0, 0, 0, Shanghai)), new Lot(5, new DateTimeOffset(2028, 1, 1, 0, 0, 0, Shanghai))], lots);
    }

    [Fact]
    public void Points_from_a_year_expire_at_the_end_of_the_next_and_are_announced_thirty_days_before()
    {
        var lots = Expiry.Lots([Line(2025, 6, 10), Line(2026, 3, 5)], EndOfNextYear);

        var december = Expiry.Outlook(lots, new DateTimeOffset(2026, 12, 15, 0, 0, 0, Shanghai), TimeSpan.FromDays(30), 15);
        var january = Expiry.Outlook(lots, new DateTimeOffset(2027, 1, 1, 0, 30, 0, Shanghai), TimeSpan.FromDays(30), 15);

        Assert.Equal(new ExpiryOutlook(0, 10, new DateTimeOffset(2027, 1, 1, 0, 0, 0, Shanghai)), december);
        Assert.Equal((10L, 0L), (january.Due, january.Soon));
    }

    [Fact]
    public void An_expiry_line_consumes_its_lot_so_nothing_expires_twice()
    {
        var lines = new List<LedgerLine> { Line(2025, 6, 10), Line(2026, 3, 5), Line(2027, 1, -10) };

        var outlook = Expiry.Outlook(Expiry.Lots(lines, EndOfNextYear), new DateTimeOffset(2027, 1, 2, 0, 0, 0, Shanghai), TimeSpan.FromDays(30), 5);

        Assert.Equal(0, outlook.Due);
    }

    [Fact]
    public void Expiry_counts_as_expired_on_the_account()
    {
        var posted = Ledger.Ledger.Post(new AccountState(10, 0, 10, 0, 0, 1), Expiry.Expire(4, "2027-01-01"), "t", default);

        Assert.Equal((6L, 4L), (posted.Value.Next.Balance, posted.Value.Next.Expired));
    }
}
