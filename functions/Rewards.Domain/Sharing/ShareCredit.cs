using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;

namespace Rewards.Domain.Sharing;

/// <summary>Whether an open of a share credits its sharer: a posting, or the reason it does not.</summary>
public sealed record ShareCredit(Posting? Posting, string? Why)
{
    public bool Credited => Posting is not null;
}

public static class ShareCredits
{
    public const string Self = "self";
    public const string AlreadyCredited = "already-credited";
    public const string NoPoints = "no-points";

    /// <summary>
    /// The local week a pair of colleagues may credit each other once in, whatever the share: ISO weeks, so
    /// that "2026-W48" runs Monday to Sunday in the program's time zone.
    /// </summary>
    public static string Week(DateOnly localDay) =>
        $"{System.Globalization.ISOWeek.GetYear(localDay.ToDateTime(TimeOnly.MinValue))}-W{System.Globalization.ISOWeek.GetWeekOfYear(localDay.ToDateTime(TimeOnly.MinValue)):D2}";

    /// <summary>
    /// A different, signed-in worker opening a share credits the sharer once per opener and share, and once
    /// per opener and local week whatever the share (so two colleagues cannot farm the cap with fresh codes),
    /// within the share cap; opening one's own link earns nothing.
    /// </summary>
    public static ShareCredit Decide(string sharerId, string openerId, bool alreadyCredited, string contentTitle, string code, DayTally sharerToday, ProgramRules rules, IEnumerable<Campaign> campaigns, DateTime localNow)
    {
        if (sharerId == openerId)
        {
            return new ShareCredit(null, Self);
        }

        if (alreadyCredited)
        {
            return new ShareCredit(null, AlreadyCredited);
        }

        var points = rules.RuleFor(LedgerKinds.Share).Points;
        if (points <= 0)
        {
            return new ShareCredit(null, NoPoints);
        }

        var earned = Earnings.Decide(LedgerKinds.Share, new Points(points), sharerToday, rules, campaigns, localNow);
        return earned.IsRefused
            ? new ShareCredit(null, earned.Refusal!.Code)
            : new ShareCredit(new Posting(earned.Value!.Paid.Value, LedgerKinds.Share, earned.Value.Reason($"分享《{contentTitle}》被同事打开"), $"share:{code}:{openerId}"), null);
    }
}
