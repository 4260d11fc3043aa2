namespace Rewards.Domain.Activities;

/// <summary>
/// An offline activity a union organises (健步走, 工间操, 心灵驿站, a health check…): where and when it takes place,
/// who it is for (<see cref="UnitIds"/>, empty = every unit), when workers may check in on site, what a check-in
/// pays and, optionally, how many may check in. Times are local date-times of the program's zone, as campaigns'.
/// </summary>
public sealed record Activity(
    string Id,
    string Title,
    string Kind,
    string Place,
    IReadOnlyList<string> UnitIds,
    DateTime Starts,
    DateTime Ends,
    DateTime CheckInOpens,
    DateTime CheckInCloses,
    int Points,
    int? Capacity)
{
    public bool Invites(string unitId) => UnitIds.Count == 0 || UnitIds.Contains(unitId);

    /// <summary>The check-in window is [opens, closes) in local time.</summary>
    public bool CheckInOpen(DateTime localNow) => localNow >= CheckInOpens && localNow < CheckInCloses;
}

public static class ActivityKinds
{
    public static IReadOnlyList<string> All { get; } = ["walk", "exercise", "lecture", "wellbeing", "health-check", "sports", "other"];

    public static string Chinese(string kind) => kind switch
    {
        "walk" => "健步走",
        "exercise" => "工间操",
        "lecture" => "健康讲座",
        "wellbeing" => "心灵驿站",
        "health-check" => "健康体检",
        "sports" => "足篮乒羽",
        _ => "其他活动",
    };
}

public static class ActivityCodes
{
    public const string InvalidCode = "invalid-code";
    public const string CheckInClosed = "check-in-closed";
    public const string NotInvited = "not-invited";
    public const string ActivityFull = "activity-full";
    public const string AlreadyCheckedIn = "already-checked-in";
    public const string ActivityNotFound = "activity-not-found";
    public const string CapacityBelowCheckedIn = "capacity-below-checked-in";
    public const string HasCheckIns = "activity-has-check-ins";
}

public static class ActivityCheck
{
    public const int MaxPoints = 1000;
    public const int MaxCapacity = 1_000_000;

    /// <summary>What is wrong with an activity, by field; empty when it can be stored.</summary>
    public static IReadOnlyDictionary<string, string> Errors(Activity a)
    {
        var errors = new Dictionary<string, string>();
        if (!ActivityKinds.All.Contains(a.Kind))
        {
            errors["kind"] = $"must be one of {string.Join(", ", ActivityKinds.All)}";
        }

        if (a.Ends <= a.Starts)
        {
            errors["endsAt"] = "must be after startsAt";
        }

        if (a.CheckInCloses <= a.CheckInOpens)
        {
            errors["checkInClosesAt"] = "must be after checkInOpensAt";
        }

        if (a.Points is < 0 or > MaxPoints)
        {
            errors["points"] = $"must be from 0 to {MaxPoints}";
        }

        if (a.Capacity is < 1 or > MaxCapacity)
        {
            errors["capacity"] = $"must be from 1 to {MaxCapacity}, or absent for no limit";
        }

        return errors;
    }
}
