namespace Rewards.Domain.Earning;

/// <summary>
/// A campaign multiplies the points of the actions it covers during a window in the program's local time,
/// such as "5·25 职工健康日": double points on 25 May. The window is [Starts, Ends).
/// </summary>
public sealed record Campaign(string Id, string Name, DateTime Starts, DateTime Ends, IReadOnlyList<string> Actions, decimal Multiplier)
{
    public bool Covers(string action, DateTime localNow) => Actions.Contains(action) && localNow >= Starts && localNow < Ends;
}

public static class Campaigns
{
    /// <summary>
    /// The campaign that applies to an action at a local time. When several overlap, the highest multiplier
    /// wins (they never stack); on a tie, the one that started first, then the smaller id.
    /// </summary>
    public static Campaign? Applying(IEnumerable<Campaign> campaigns, string action, DateTime localNow) =>
        campaigns.Where(c => c.Covers(action, localNow))
            .OrderByDescending(c => c.Multiplier)
            .ThenBy(c => c.Starts)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>The base points times the multiplier, rounded half away from zero.</summary>
    public static Points Apply(Points basePoints, Campaign? campaign) =>
        campaign is null ? basePoints : new Points((long)Math.Round(basePoints.Value * campaign.Multiplier, MidpointRounding.AwayFromZero));

    /// <summary>What is wrong with a campaign, by field; empty when it can be stored.</summary>
    public static IReadOnlyDictionary<string, string> Errors(Campaign campaign)
    {
        var errors = new Dictionary<string, string>();
        if (campaign.Ends <= campaign.Starts)
        {
            errors["endsAt"] = "must be after startsAt";
        }

        if (campaign.Multiplier <= 0 || campaign.Multiplier > 10)
        {
            errors["multiplier"] = "must be more than 0 and at most 10";
        }

        if (campaign.Actions.Count == 0 || campaign.Actions.Any(a => !ProgramRules.KnownActions.Contains(a)))
        {
            errors["actions"] = $"must name one or more of {string.Join(", ", ProgramRules.KnownActions)}";
        }

        return errors;
    }
}
