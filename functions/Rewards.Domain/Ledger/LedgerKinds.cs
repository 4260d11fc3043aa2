namespace Rewards.Domain.Ledger;

/// <summary>Why a ledger line exists. Earning kinds are the names of earning actions.</summary>
public static class LedgerKinds
{
    public const string Learning = "learning";
    public const string Quiz = "quiz";
    public const string Share = "share";
    public const string Hazard = "hazard";
    public const string Activity = "activity";
    public const string Adjustment = "adjustment";
    public const string Competition = "competition";
    public const string Hold = "hold";
    public const string Release = "release";
    public const string Spend = "spend";

    /// <summary>Points earned by taking part: they count toward lifetime points, levels, streaks and leaderboards.</summary>
    public static bool IsEarning(string kind) => kind is Learning or Quiz or Share or Hazard or Activity or Competition;

    /// <summary>
    /// Earning actions bounded by daily caps. Competition prizes are not, nor hazard points: a reviewer's
    /// decision on a report of weeks ago is not cut by what the worker earned today (the day limits reports sent instead);
    /// nor activity check-ins: the union sets each activity's points, and a worker checks in once per activity.
    /// </summary>
    public static bool IsCapped(string kind) => kind is Learning or Quiz or Share;
}
