namespace Rewards.Domain.Ledger;

/// <summary>Points earned together that expire together; <see cref="Remaining"/> is what is left of them.</summary>
public sealed record Lot(long Remaining, DateTimeOffset ExpiresAt);

/// <summary>What expiry sees in a ledger: points due now (already past their date) and points due within a window.</summary>
public sealed record ExpiryOutlook(long Due, long Soon, DateTimeOffset? SoonAt);

/// <summary>
/// Points expire oldest first. Points that reach the balance (earnings, credits, a released hold) form a lot
/// that expires at the start of the second local new year after (the end of the calendar year after they
/// were earned); points that leave the balance (debits, holds, expiries) are taken from the oldest lots.
/// </summary>
public static class Expiry
{
    public const string Kind = "expiry";

    public static IReadOnlyList<Lot> Lots(IEnumerable<LedgerLine> chronological, Func<DateTimeOffset, DateTimeOffset> expiresAt)
    {
        var lots = new List<Lot>();
        foreach (var line in chronological)
        {
            var toBalance = line.Amount - line.HeldChange;
            if (toBalance > 0)
            {
                lots.Add(new Lot(toBalance, expiresAt(line.At)));
            }
            else if (toBalance < 0)
            {
                var owed = -toBalance;
                for (var i = 0; i < lots.Count && owed > 0; i++)
                {
                    var take = Math.Min(owed, lots[i].Remaining);
                    lots[i] = lots[i] with { Remaining = lots[i].Remaining - take };
                    owed -= take;
                }
            }
        }

        return [.. lots.Where(l => l.Remaining > 0)];
    }

    public static ExpiryOutlook Outlook(IReadOnlyList<Lot> lots, DateTimeOffset now, TimeSpan window, long balance)
    {
        var due = Math.Min(balance, lots.Where(l => l.ExpiresAt <= now).Sum(l => l.Remaining));
        var soon = lots.Where(l => l.ExpiresAt > now && l.ExpiresAt <= now + window).ToList();
        return new ExpiryOutlook(due, soon.Sum(l => l.Remaining), soon.Count > 0 ? soon.Min(l => l.ExpiresAt) : null);
    }

    public static Posting Expire(long due, string when) => new(-due, Kind, $"积分到期（{when}）", $"expiry:{when}");
}
