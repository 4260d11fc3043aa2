using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Rewards.Domain.Activities;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Activities;

/// <summary>An activity as admins send it: times are local date-times of the program's zone, without an offset, as campaigns'.</summary>
internal sealed class ActivityRequest : IValidatableObject, IAdminBody<Activity>
{
    private static readonly string[] Formats = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];

    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string? Title { get; set; }

    [Required]
    public string? Kind { get; set; }

    [StringLength(100)]
    public string? Place { get; set; }

    [MaxLength(200)]
    public List<string>? UnitIds { get; set; }

    [Required]
    public string? StartsAt { get; set; }

    [Required]
    public string? EndsAt { get; set; }

    [Required]
    public string? CheckInOpensAt { get; set; }

    [Required]
    public string? CheckInClosesAt { get; set; }

    [Required]
    public int? Points { get; set; }

    public int? Capacity { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(StartsAt), StartsAt), (nameof(EndsAt), EndsAt), (nameof(CheckInOpensAt), CheckInOpensAt), (nameof(CheckInClosesAt), CheckInClosesAt) })
        {
            if (value is not null && !TryLocal(value, out _))
            {
                yield return new ValidationResult("must be a local date-time such as 2026-05-25T08:00:00, without an offset", [name]);
            }
        }

        if (UnitIds is not null && UnitIds.Any(u => !Ids.IsValid(u)))
        {
            yield return new ValidationResult($"each unit id {Ids.Message}", [nameof(UnitIds)]);
        }
    }

    public Checked<Activity> Check()
    {
        var activity = ToActivity();
        return Checked<Activity>.Of(activity, ActivityCheck.Errors(activity));
    }

    private Activity ToActivity() => new(
        Id!,
        Title!.Trim(),
        Kind!,
        Place?.Trim() ?? "",
        [.. (UnitIds ?? []).Distinct()],
        Local(StartsAt!),
        Local(EndsAt!),
        Local(CheckInOpensAt!),
        Local(CheckInClosesAt!),
        Points!.Value,
        Capacity);

    private static DateTime Local(string text)
    {
        TryLocal(text, out var local);
        return local;
    }

    private static bool TryLocal(string text, out DateTime local) =>
        DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);
}

internal sealed record ActivityView(
    string Id, string Title, string Kind, string KindName, string Place, IReadOnlyList<string> UnitIds, string StartsAt, string EndsAt,
    string CheckInOpensAt, string CheckInClosesAt, int Points, int? Capacity, long? CheckedIn)
{
    public const string LocalFormat = "yyyy-MM-ddTHH:mm:ss";

    public static ActivityView Of(Activity a, long? checkedIn = null) => new(
        a.Id, a.Title, a.Kind, ActivityKinds.Chinese(a.Kind), a.Place, a.UnitIds, Local(a.Starts), Local(a.Ends), Local(a.CheckInOpens), Local(a.CheckInCloses), a.Points, a.Capacity, checkedIn);

    public static string Local(DateTime t) => t.ToString(LocalFormat, CultureInfo.InvariantCulture);
}

internal sealed record ActivityList(IReadOnlyList<ActivityView> Items);

/// <summary>A worker's check-in: the code from the screen (scanned or typed).</summary>
internal sealed class CheckInRequest
{
    [Required, StringLength(64)]
    public string? Code { get; set; }
}

/// <summary>The answer to a check-in; the same body again on a repeat.</summary>
internal sealed record CheckInResult(string ActivityId, long Awarded, long Balance, string Reason, DateTimeOffset CheckedInAt, string? TxId);

/// <summary>What the venue screen shows: the code, the same code as a QR (SVG), until when it is shown, and the count so far.</summary>
internal sealed record CheckInCode(string ActivityId, string Title, string Code, string Qr, DateTimeOffset ValidUntil, DateTimeOffset Now, long CheckedIn, int? Capacity);

/// <summary>An activity as a worker sees it on their page.</summary>
internal sealed record WorkerActivity(string Id, string Title, string Kind, string KindName, string Place, string StartsAt, string EndsAt, string CheckInOpensAt, string CheckInClosesAt, int Points, bool Open, bool CheckedIn);

internal sealed record WorkerActivityList(IReadOnlyList<WorkerActivity> Items);
