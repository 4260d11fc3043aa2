using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;

namespace Rewards.Domain.Activities;

public static class CheckIns
{
    /// <summary>
    /// Whether a worker may check in now: invited (their unit), inside the check-in window (local time), with a
    /// code from the screen. Capacity is decided by storage, under the counter's ETag.
    /// </summary>
    public static Refusal? Admit(Activity activity, string unitId, bool codeAccepted, DateTime localNow)
    {
        if (!activity.Invites(unitId))
        {
            return new Refusal(ActivityCodes.NotInvited, $"《{activity.Title}》 is for other units.");
        }

        if (!activity.CheckInOpen(localNow))
        {
            return new Refusal(
                ActivityCodes.CheckInClosed,
                $"Check-in for 《{activity.Title}》 is open from {Local(activity.CheckInOpens)} to {Local(activity.CheckInCloses)}.",
                new Dictionary<string, object?> { ["checkInOpensAt"] = Local(activity.CheckInOpens), ["checkInClosesAt"] = Local(activity.CheckInCloses) });
        }

        return codeAccepted ? null : new Refusal(ActivityCodes.InvalidCode, "The code is not the one on the screen now; scan or type the code shown at the venue.");
    }

    /// <summary>
    /// What a check-in pays: the activity's points, raised by the campaign covering "activity" at the time of the
    /// check-in. Not cut by the daily caps (a union's event is not limited by what a worker learned online that day).
    /// No posting when the activity pays nothing: the check-in is still recorded.
    /// </summary>
    public static (Posting? Posting, long Points, string Reason) Award(Activity activity, IEnumerable<Campaign> campaigns, DateTime localNow)
    {
        var campaign = Campaigns.Applying(campaigns, LedgerKinds.Activity, localNow);
        var paid = Campaigns.Apply(new Points(activity.Points), campaign);
        var reason = new Earned(LedgerKinds.Activity, paid, paid, null, campaign).Reason($"参加{ActivityKinds.Chinese(activity.Kind)}《{activity.Title}》签到");
        return paid.Value == 0 ? (null, 0, reason) : (new Posting(paid.Value, LedgerKinds.Activity, reason, SourceRef(activity.Id)), paid.Value, reason);
    }

    public static string SourceRef(string activityId) => $"activity:{activityId}";

    private static string Local(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
