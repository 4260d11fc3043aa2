using Rewards.Domain.Hazards;

namespace Rewards.Domain.Earning;

/// <summary>
/// How many rows a worker may make a local day, whatever they earn: views started (learning, 200 by default)
/// and share links created (share, 50). The action's <c>attemptsPerDay</c> in the rules raises or lowers it;
/// it cannot be switched off, since every one of these is a row in storage.
/// </summary>
public static class RowLimits
{
    public const int ViewsPerDay = 200;
    public const int SharesPerDay = 50;

    public static Refusal? Refuse(string action, string what, DayTally today, ProgramRules rules)
    {
        var configured = rules.RuleFor(action).AttemptsPerDay;
        var perDay = configured > 0 ? configured : action == Ledger.LedgerKinds.Share ? SharesPerDay : ViewsPerDay;
        return today.AttemptsOf(action) >= perDay
            ? new Refusal(HazardCodes.DailyLimitReached, $"You have {what} {perDay} times today, the daily limit; come back tomorrow.",
                new Dictionary<string, object?> { ["limit"] = perDay })
            : null;
    }
}
