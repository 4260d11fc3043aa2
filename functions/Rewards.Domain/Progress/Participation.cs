namespace Rewards.Domain.Progress;

/// <summary>A unit's participation on the boards: the share of its members who earned in a period, in basis points.</summary>
public static class Participation
{
    /// <summary>Everyone took part: 100.00 %.</summary>
    public const long Whole = 10_000;

    /// <summary>
    /// Active members ÷ members, in basis points, rounded down. A member count that lags behind the actives (a
    /// worker earned before the directory counted them) never lifts the rate above everyone, and an empty unit is 0.
    /// </summary>
    public static long Rate(int active, int members) =>
        active <= 0 ? 0 : Math.Min(Whole, active * Whole / Math.Max(members, active));
}
