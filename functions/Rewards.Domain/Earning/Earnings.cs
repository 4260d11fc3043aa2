namespace Rewards.Domain.Earning;

/// <summary>An earning decided within the caps: what is paid, what was asked, and whether a cap cut it.</summary>
public sealed record Earned(string Action, Points Paid, Points Asked, string? CapNote)
{
    public bool Capped => Paid < Asked;
}

public static class Earnings
{
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
        _ => action,
    };
}
