using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;

namespace Rewards.Domain.Hazards;

/// <summary>A reviewer's decision: accept (with a severity), reject (with a reason) or duplicate (of another report).</summary>
public sealed record ReviewCommand(string Decision, string? Severity, string? Reason, string? Of)
{
    public const string Accept = "accept";
    public const string Reject = "reject";
    public const string Duplicate = "duplicate";
}

/// <summary>A decided step: the report after it, the points it pays, and whether anything changed at all (a repeated move changes nothing).</summary>
public sealed record HazardMove(HazardReport Next, Posting? Posting, bool Changed)
{
    public static HazardMove Unchanged(HazardReport report) => new(report, null, false);
}

/// <summary>
/// The life of a report as pure decisions: submitted → accepted | rejected | duplicate (or failed, when the
/// photo cannot be processed) → rectified → verified. A repeat of the move already made changes nothing;
/// any other move from the wrong state is refused with <see cref="HazardCodes.InvalidTransition"/>.
/// </summary>
public static class HazardFlow
{
    /// <summary>A new report, counted against the day's limit of reports (0 = no limit).</summary>
    public static Decision<HazardReport> Submit(HazardReport draft, DayTally today, int perDay)
    {
        if (perDay > 0 && today.AttemptsOf(LedgerKinds.Hazard) >= perDay)
        {
            return new Refusal(HazardCodes.DailyLimitReached, $"You have sent {perDay} hazard reports today, the daily limit; thank you, and come back tomorrow.",
                new Dictionary<string, object?> { ["limit"] = perDay, ["day"] = LocalDay.Key(today.Day) });
        }

        return draft with { Status = HazardStatus.Submitted, History = [new HazardStep(HazardStatus.Submitted, draft.SubmittedAt)], Version = 1 };
    }

    public static Decision<HazardMove> Review(HazardReport report, ReviewCommand review, HazardRules rules, Campaign? campaign, DateTimeOffset now)
    {
        var open = report.Status is HazardStatus.Submitted or HazardStatus.Failed;
        switch (review.Decision)
        {
            case ReviewCommand.Accept when open:
                var severity = review.Severity!;
                var points = Campaigns.Apply(new Points(rules.PointsFor(severity)), campaign).Value;
                var reason = $"隐患随手拍被采纳：{report.Category}·{report.Place}（{Severity.Chinese(severity)}{(campaign is null ? "" : $"；{campaign.Name}")}）";
                return new HazardMove(
                    report.Step(HazardStatus.Accepted, now, points, Severity.Chinese(severity)) with { Severity = severity },
                    points > 0 ? new Posting(points, LedgerKinds.Hazard, reason, $"hazard:{report.Id}:accept") : null,
                    true);
            case ReviewCommand.Accept when report.Status == HazardStatus.Accepted && report.Severity == review.Severity:
            case ReviewCommand.Reject when report.Status == HazardStatus.Rejected:
            case ReviewCommand.Duplicate when report.Status == HazardStatus.Duplicate && report.DuplicateOf == review.Of:
                return HazardMove.Unchanged(report);
            case ReviewCommand.Reject when open:
                return new HazardMove(report.Step(HazardStatus.Rejected, now, note: review.Reason) with { Reason = review.Reason }, null, true);
            case ReviewCommand.Duplicate when open && review.Of != report.Id:
                return new HazardMove(report.Step(HazardStatus.Duplicate, now, note: review.Of) with { DuplicateOf = review.Of }, null, true);
            default:
                return Invalid(report, review.Decision);
        }
    }

    /// <summary>The unit reports the hazard fixed, with an after-photo and a note.</summary>
    public static Decision<HazardMove> Rectify(HazardReport report, string note, DateTimeOffset now) => report.Status switch
    {
        HazardStatus.Accepted => new HazardMove(report.Step(HazardStatus.Rectified, now, note: note) with { RectificationNote = note, HasAfterPhoto = true }, null, true),
        HazardStatus.Rectified or HazardStatus.Verified => HazardMove.Unchanged(report),
        _ => Invalid(report, "rectification"),
    };

    /// <summary>The fix is checked and confirmed: the reporter gets the rectification bonus.</summary>
    public static Decision<HazardMove> Verify(HazardReport report, HazardRules rules, DateTimeOffset now) => report.Status switch
    {
        HazardStatus.Rectified => new HazardMove(
            report.Step(HazardStatus.Verified, now, rules.RectificationBonus),
            rules.RectificationBonus > 0 ? new Posting(rules.RectificationBonus, LedgerKinds.Hazard, $"隐患整改验收奖励：{report.Category}·{report.Place}", $"hazard:{report.Id}:verify") : null,
            true),
        HazardStatus.Verified => HazardMove.Unchanged(report),
        _ => Invalid(report, "verify"),
    };

    /// <summary>The photo's hash and the near duplicates found for it; a report already processed is left as it is.</summary>
    public static HazardMove Processed(HazardReport report, ulong hash, IReadOnlyList<NearDuplicate> duplicates) =>
        report.Processed ? HazardMove.Unchanged(report)
        : new HazardMove(report with { Hash = hash, Duplicates = duplicates, Version = report.Version + 1 }, null, true);

    /// <summary>The photo could not be processed: the reporter sees failed, unless it was processed or reviewed meanwhile.</summary>
    public static HazardMove Failed(HazardReport report, DateTimeOffset now) =>
        report.Processed || report.Status != HazardStatus.Submitted ? HazardMove.Unchanged(report)
        : new HazardMove(report.Step(HazardStatus.Failed, now), null, true);

    private static Refusal Invalid(HazardReport report, string move) =>
        new(HazardCodes.InvalidTransition, $"A report that is {report.Status} cannot take '{move}'{(report.Status == HazardStatus.Accepted && move == ReviewCommand.Accept ? $" again with another severity (it was accepted as {report.Severity})" : "")}.",
            new Dictionary<string, object?> { ["status"] = report.Status });
}
