using System.ComponentModel.DataAnnotations;
using Rewards.Domain.Hazards;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Hazards;

/// <summary>The fields of a report, as the form (multipart/form-data) sent them; a missing description is "".</summary>
internal sealed record HazardForm(byte[] Photo, string Category, string Place, [property: System.ComponentModel.DefaultValue("")] string Description);

/// <summary>The form of a rectification: the after-photo and the note that goes with it.</summary>
internal sealed record RectificationForm(byte[] Photo, string Note);

/// <summary>The answer to a submission: the report's id; the photo is processed in the background.</summary>
internal sealed record HazardCreated(string Id, string Status);

internal sealed record HazardStepView(string Status, DateTimeOffset At, long Points, string? Note);

/// <summary>Links to the photo function; the browser fetches them with its credential, never from a public URL.</summary>
internal sealed record HazardPhotoLinks(string Thumb, string Full, string? After);

/// <summary>A report as its reporter (or an admin) sees it, with its history and the points each step earned.</summary>
internal sealed record HazardView(
    string Id, string Category, string Place, string Description, string Status, string? Severity, string? Reason, string? DuplicateOf,
    string? RectificationNote, long Points, DateTimeOffset SubmittedAt, IReadOnlyList<HazardStepView> History, HazardPhotoLinks Photos)
{
    public static HazardView Of(HazardReport r, RulesSnapshot rules) => new(
        r.Id, r.Category, r.Place, r.Description, r.Status, r.Severity, r.Reason, r.DuplicateOf, r.RectificationNote, r.Points, rules.Local(r.SubmittedAt),
        [.. r.History.Select(s => new HazardStepView(s.Status, rules.Local(s.At), s.Points, s.Note))],
        Links(r.Id, r.HasAfterPhoto));

    public static HazardPhotoLinks Links(string id, bool after)
    {
        var path = $"/api/hazards/{Uri.EscapeDataString(id)}/photo";
        return new HazardPhotoLinks($"{path}?size=thumb", $"{path}?size=full", after ? $"{path}?size=after" : null);
    }
}

/// <summary>The worker's reports, newest first, with what the form needs: the categories and today's count against the limit.</summary>
internal sealed record MyHazards(IReadOnlyList<HazardView> Items, IReadOnlyList<string> Categories, int SentToday, int PerDay);

/// <summary>A report in the review list: who, where, what, when, the thumbnail and the near duplicates flagged beside it.</summary>
internal sealed record HazardListItem(
    string Id, string WorkerId, string DisplayName, string UnitId, string Category, string Place, string Description, string Status, string? Severity,
    long Points, DateTimeOffset SubmittedAt, string Thumb, IReadOnlyList<NearDuplicate> Duplicates);

internal sealed record HazardPage(IReadOnlyList<HazardListItem> Items, string? NextCursor);

/// <summary>An open hazard of a unit (accepted, not yet verified) and how long it has been open since it was reported.</summary>
internal sealed record OpenHazard(string Id, string Status, string? Severity, string Category, string Place, DateTimeOffset ReportedAt, DateTimeOffset? AcceptedAt, double OpenDays);

/// <summary>A unit's rectification backlog, oldest first.</summary>
internal sealed record UnitBacklog(string UnitId, int Open, IReadOnlyList<OpenHazard> Items);

internal sealed class ReviewRequest
{
    [Required, RegularExpression("^(accept|reject|duplicate)$", ErrorMessage = "must be accept, reject or duplicate")]
    public string? Decision { get; set; }

    [RegularExpression("^(general|major|critical)$", ErrorMessage = "must be general, major or critical")]
    public string? Severity { get; set; }

    [StringLength(200)]
    public string? Reason { get; set; }

    [StringLength(64)]
    public string? Of { get; set; }

    /// <summary>The fields each decision needs, by name; empty when complete.</summary>
    public Dictionary<string, string[]> Missing() => Decision switch
    {
        ReviewCommand.Accept when Severity is null => new() { ["severity"] = ["is required to accept"] },
        ReviewCommand.Reject when string.IsNullOrWhiteSpace(Reason) => new() { ["reason"] = ["is required to reject"] },
        ReviewCommand.Duplicate when string.IsNullOrWhiteSpace(Of) => new() { ["of"] = ["names the report this one duplicates"] },
        _ => [],
    };

    public ReviewCommand ToCommand() => new(Decision!, Severity, Reason?.Trim(), Of?.Trim());
}

/// <summary>The message that asks for a report's photo to be processed and its review index brought up to date.</summary>
internal sealed record HazardMessage(string ReportId, string WorkerId);
