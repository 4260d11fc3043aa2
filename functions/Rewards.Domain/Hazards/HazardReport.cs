namespace Rewards.Domain.Hazards;

/// <summary>Where a hazard report stands. A report starts submitted; the reviewer accepts, rejects or marks it a duplicate; an accepted hazard is rectified, then verified.</summary>
public static class HazardStatus
{
    public const string Submitted = "submitted";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Duplicate = "duplicate";
    public const string Rectified = "rectified";
    public const string Verified = "verified";

    /// <summary>The photo could not be processed (its message ended in hazard-photos-poison); a reviewer may still decide.</summary>
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Submitted, Accepted, Rejected, Duplicate, Rectified, Verified, Failed];

    /// <summary>Confirmed and not yet verified as fixed: the unit's rectification backlog.</summary>
    public static bool IsOpen(string status) => status is Accepted or Rectified;
}

public static class Severity
{
    public const string General = "general";
    public const string Major = "major";
    public const string Critical = "critical";

    public static IReadOnlyList<string> All { get; } = [General, Major, Critical];

    public static string Chinese(string severity) => severity switch
    {
        General => "一般隐患",
        Major => "较大隐患",
        Critical => "重大隐患",
        _ => severity,
    };
}

public static class HazardCodes
{
    public const string DailyLimitReached = "daily-limit-reached";
    public const string InvalidTransition = "invalid-transition";
    public const string InvalidImage = "invalid-image";
    public const string HazardNotFound = "hazard-not-found";
}

/// <summary>One step of a report's history, with the points it earned the reporter.</summary>
public sealed record HazardStep(string Status, DateTimeOffset At, long Points = 0, string? Note = null);

/// <summary>Another report that looks like this one: by photo (Hamming <see cref="Distance"/> of the hashes) or by place and time.</summary>
public sealed record NearDuplicate(string Id, string Reason, int? Distance = null)
{
    public const string Photo = "photo";
    public const string Place = "place";
}

/// <summary>
/// A hazard snapshot (安全隐患随手拍) as its reporter's partition holds it. <see cref="Hash"/> is the photo's
/// 64-bit difference hash, set once the photo is processed; <see cref="Version"/> rises with every change.
/// </summary>
public sealed record HazardReport(
    string Id,
    string WorkerId,
    string UnitId,
    string Category,
    string Place,
    string Description,
    string Status,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<HazardStep> History,
    int Version = 1,
    string? Severity = null,
    string? Reason = null,
    string? DuplicateOf = null,
    string? RectificationNote = null,
    bool HasAfterPhoto = false,
    ulong? Hash = null,
    IReadOnlyList<NearDuplicate>? Duplicates = null)
{
    public long Points => History.Sum(s => s.Points);

    public bool Processed => Hash is not null;

    /// <summary>The report after one more step of its history.</summary>
    public HazardReport Step(string status, DateTimeOffset at, long points = 0, string? note = null) =>
        this with { Status = status, History = [.. History, new HazardStep(status, at, points, note)], Version = Version + 1 };
}
