namespace Rewards.Domain.Earning;

/// <summary>An earning decided within the caps: what is paid, what was asked, whether a cap cut it and which campaign raised it.</summary>
public sealed record Earned(string Action, Points Paid, Points Asked, string? CapNote, Campaign? Campaign = null)
{
    public bool Capped => Paid < Asked;

    /// <summary>The ledger reason: what was done, then the campaign and the cap where they played a part.</summary>
    public string Reason(string what)
    {
        var notes = new List<string>();
        if (Campaign is not null)
        {
            notes.Add($"{Campaign.Name} ×{Campaign.Multiplier.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (CapNote is not null)
        {
            notes.Add(CapNote);
        }

        return notes.Count == 0 ? what : $"{what}（{string.Join("；", notes)}）";
    }
}

public static class Earnings
{
    /// <summary>Base points raised by the campaign that applies now, if any, then paid within the caps.</summary>
    public static Decision<Earned> Decide(string action, Points basePoints, DayTally today, ProgramRules rules, IEnumerable<Campaign> campaigns, DateTime localNow)
    {
        var campaign = Campaigns.Applying(campaigns, action, localNow);
        return WithinCaps(action, Campaigns.Apply(basePoints, campaign), today, rules).Then<Earned>(e => e with { Campaign = campaign });
    }

    /// <summary>
    /// Pays <paramref name="asked"/> points for an action on a day, up to whichever cap is nearer:
    /// the action's own daily cap or the overall daily cap. A worker already at a cap is refused;
    /// one who would cross it gets the points up to it, and the note says so.
    /// </summary>
    public static Decision<Earned> WithinCaps(string action, Points asked, DayTally today, ProgramRules rules)
    {
        var rule = rules.RuleFor(action);
        var actionRoom = rule.DailyCap > 0 ? Points.Room(rule.DailyCap, today.For(action)) : asked;
        var overallRoom = rules.DailyCap > 0 ? Points.Room(rules.DailyCap, today.Total) : asked;
        var room = Points.Min(actionRoom, overallRoom);

        if (room == Points.Zero)
        {
            var which = actionRoom == Points.Zero ? $"the daily {action} cap of {rule.DailyCap}" : $"the overall daily cap of {rules.DailyCap}";
            return new Refusal(
                RefusalCodes.DailyCapReached,
                $"Today's points have reached {which}; come back tomorrow.",
                new Dictionary<string, object?> { ["day"] = LocalDay.Key(today.Day) });
        }

        var paid = Points.Min(asked, room);
        string? note = null;
        if (paid < asked)
        {
            note = actionRoom <= overallRoom
                ? $"已达今日{ActionNames.Chinese(action)}上限 {rule.DailyCap} 分，本次计 {paid} 分"
                : $"已达今日总上限 {rules.DailyCap} 分，本次计 {paid} 分";
        }

        return new Earned(action, paid, asked, note);
    }
}

public static class ActionNames
{
    public static string Chinese(string action) => action switch
    {
        "learning" => "学习",
        "quiz" => "答题",
        "share" => "分享",
        "hazard" => "隐患随手拍",
        "activity" => "活动签到",
        _ => action,
    };
}
