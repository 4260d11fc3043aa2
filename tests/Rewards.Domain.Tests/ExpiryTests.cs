using Rewards.Domain.Ledger;

namespace Rewards.Domain.Tests;

public sealed class ExpiryTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static int _seq;

    private static LedgerLine Line(int year, int month, long amount, long held = 0) =>
        new($"t{++_seq}", _seq, amount, "x", "r", "s", 0, new DateTimeOffset(year, month, 1, 12, 0, 0, Shanghai), held);

    private static LedgerLine Hold(int year, int month, int day, long points, string redemption) =>
        new($"t{++_seq}", _seq, 0, LedgerKinds.Hold, "r", $"redemption:{redemption}", 0, new DateTimeOffset(year, month, day, 12, 0, 0, Shanghai), points);

    private static LedgerLine Release(int year, int month, int day, long points, string redemption) =>
        new($"t{++_seq}", _seq, 0, LedgerKinds.Release, "r", $"redemption:{redemption}", 0, new DateTimeOffset(year, month, day, 12, 0, 0, Shanghai), -points);

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
        var posted = Ledger.Postings.Post(new AccountState(10, 0, 10, 0, 0, 1), Expiry.Expire(4, "2027-01-01"), "t", default);

        Assert.Equal((6L, 4L), (posted.Value.Next.Balance, posted.Value.Next.Expired));
    }

    [Fact]
    public void A_hold_released_after_new_year_gives_the_points_back_to_their_original_lot_which_is_then_due()
    {
        // 2025's points expire as 2027 begins; a redemption holds them over New Year and is cancelled after it.
        var lines = new List<LedgerLine> { Line(2025, 6, 10), Line(2026, 3, 5), Hold(2026, 12, 20, 10, "r1") };
        var newYear = Expiry.Outlook(Expiry.Lots(lines, EndOfNextYear), new DateTimeOffset(2027, 1, 1, 0, 30, 0, Shanghai), TimeSpan.FromDays(30), 5);
        lines.Add(Release(2027, 1, 5, 10, "r1"));

        var lots = Expiry.Lots(lines, EndOfNextYear);
        var afterCancel = Expiry.Outlook(lots, new DateTimeOffset(2027, 1, 5, 13, 0, 0, Shanghai), TimeSpan.FromDays(30), 15);

        Assert.Equal(0, newYear.Due);
        Assert.Equal([new Lot(10, new DateTimeOffset(2027, 1, 1, 0, 0, 0, Shanghai)), new Lot(5, new DateTimeOffset(2028, 1, 1, 0, 0, 0, Shanghai))], lots);
        Assert.Equal(10, afterCancel.Due);
    }

    [Fact]
    public void A_release_gives_back_exactly_what_its_own_hold_took_from_each_lot()
    {
        // r1 takes the 4 left of 2025 and 2 of 2026; r2 takes 3 more of 2026; only r1 comes back.
        var lines = new List<LedgerLine> { Line(2025, 6, 4), Line(2026, 3, 8), Hold(2026, 5, 1, 6, "r1"), Hold(2026, 6, 1, 3, "r2"), Release(2027, 2, 1, 6, "r1") };

        var lots = Expiry.Lots(lines, EndOfNextYear);

        Assert.Equal([new Lot(4, new DateTimeOffset(2027, 1, 1, 0, 0, 0, Shanghai)), new Lot(5, new DateTimeOffset(2028, 1, 1, 0, 0, 0, Shanghai))], lots);
    }

    [Fact]
    public void Delivered_points_stay_taken_and_a_release_without_its_hold_starts_a_new_lot()
    {
        var spend = new LedgerLine($"t{++_seq}", _seq, -10, LedgerKinds.Spend, "r", "redemption:r1", 0, new DateTimeOffset(2027, 1, 3, 12, 0, 0, Shanghai), -10);
        var lines = new List<LedgerLine> { Line(2025, 6, 10), Hold(2026, 12, 20, 10, "r1"), spend, Release(2027, 2, 1, 2, "lost") };

        var lots = Expiry.Lots(lines, EndOfNextYear);

        Assert.Equal([new Lot(2, new DateTimeOffset(2029, 1, 1, 0, 0, 0, Shanghai))], lots);
    }
}
