namespace Rewards.Domain.Ledger;

/// <summary>Points earned together that expire together; <see cref="Remaining"/> is what is left of them.</summary>
public sealed record Lot(long Remaining, DateTimeOffset ExpiresAt);

/// <summary>What expiry sees in a ledger: points due now (already past their date) and points due within a window.</summary>
public sealed record ExpiryOutlook(long Due, long Soon, DateTimeOffset? SoonAt);

/// <summary>
/// Points expire oldest first. Points that reach the balance (earnings, credits) form a lot that expires at
/// the start of the second local new year after (the end of the calendar year after they were earned); points
/// that leave the balance (debits, holds, expiries) are taken from the oldest lots. A hold remembers which lots
/// it took from (by its source, <c>redemption:{id}</c>), and its release gives the points back to those same
/// lots, so a redemption cancelled after New Year does not make old points young again.
/// </summary>
public static class Expiry
{
    public const string Kind = "expiry";

    public static IReadOnlyList<Lot> Lots(IEnumerable<LedgerLine> chronological, Func<DateTimeOffset, DateTimeOffset> expiresAt)
    {
        var lots = new List<Lot>();
        var held = new Dictionary<string, List<(int Lot, long Points)>>();
        foreach (var line in chronological)
        {
            var toBalance = line.Amount - line.HeldChange;
            if (toBalance > 0)
            {
                var fresh = line.HeldChange < 0 ? Restore(lots, held, line.SourceRef, toBalance) : toBalance;
                if (fresh > 0)
                {
                    // Only points that were never taken from a lot (a release without its hold) start a new one.
                    lots.Add(new Lot(fresh, expiresAt(line.At)));
                }
            }
            else if (toBalance < 0)
            {
                var taken = Take(lots, -toBalance);
                if (line.HeldChange > 0)
                {
                    held.TryAdd(line.SourceRef, []);
                    held[line.SourceRef].AddRange(taken);
                }
            }
        }

        return [.. lots.Where(l => l.Remaining > 0)];
    }

    /// <summary>Takes points from the oldest lots; returns what came from which lot.</summary>
    private static List<(int Lot, long Points)> Take(List<Lot> lots, long owed)
    {
        var taken = new List<(int, long)>();
        for (var i = 0; i < lots.Count && owed > 0; i++)
        {
            var take = Math.Min(owed, lots[i].Remaining);
            if (take > 0)
            {
                lots[i] = lots[i] with { Remaining = lots[i].Remaining - take };
                taken.Add((i, take));
                owed -= take;
            }
        }

        return taken;
    }

    /// <summary>Gives released points back to the lots their hold took them from, oldest first; returns what is left over.</summary>
    private static long Restore(List<Lot> lots, Dictionary<string, List<(int Lot, long Points)>> held, string source, long points)
    {
        if (!held.TryGetValue(source, out var parts))
        {
            return points;
        }

        while (points > 0 && parts.Count > 0)
        {
            var (lot, taken) = parts[0];
            var back = Math.Min(points, taken);
            lots[lot] = lots[lot] with { Remaining = lots[lot].Remaining + back };
            points -= back;
            if (back == taken)
            {
                parts.RemoveAt(0);
            }
            else
            {
                parts[0] = (lot, taken - back);
            }
        }

        return points;
    }

    public static ExpiryOutlook Outlook(IReadOnlyList<Lot> lots, DateTimeOffset now, TimeSpan window, long balance)
    {
        var due = Math.Min(balance, lots.Where(l => l.ExpiresAt <= now).Sum(l => l.Remaining));
        var soon = lots.Where(l => l.ExpiresAt > now && l.ExpiresAt <= now + window).ToList();
        return new ExpiryOutlook(due, soon.Sum(l => l.Remaining), soon.Count > 0 ? soon.Min(l => l.ExpiresAt) : null);
    }

    public static Posting Expire(long due, string when) => new(-due, Kind, $"积分到期（{when}）", $"expiry:{when}");
}

/// <summary>
/// The expiry calendar: points earned in a local year expire together as the second local new year after it
/// begins (the end of the calendar year after they were earned); a worker is told <see cref="Notice"/> before.
/// </summary>
public static class ExpiryDates
{
    public static readonly TimeSpan Notice = TimeSpan.FromDays(30);

    /// <summary>The year on whose first local day points earned at local time <paramref name="localAt"/> expire.</summary>
    public static int DueYear(DateTime localAt) => localAt.Year + 2;

    /// <summary>The local midnight that starts <paramref name="year"/>.</summary>
    public static DateTime DueDate(int year) => new(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>When points earned at local time <paramref name="localAt"/> expire, in local time.</summary>
    public static DateTime ExpiresAt(DateTime localAt) => DueDate(DueYear(localAt));

    /// <summary>The next look after one at <paramref name="now"/>: the notice of the next lot, or its due time once within the notice.</summary>
    public static DateTimeOffset? NextLook(IEnumerable<Lot> lots, DateTimeOffset now) =>
        lots.Where(l => l.ExpiresAt > now).Select(l => l.ExpiresAt - Notice > now ? l.ExpiresAt - Notice : l.ExpiresAt).Order().Cast<DateTimeOffset?>().FirstOrDefault();
}
