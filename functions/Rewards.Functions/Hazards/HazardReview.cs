using Microsoft.Extensions.Logging;
using Rewards.Domain;
using Rewards.Domain.Hazards;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Hazards;

/// <summary>
/// The reviewer's moves on a report: review, rectification, verification. Each is one decision on a fresh
/// read of the reporter's partition and one transaction there, through the ledger writer: the report row
/// under its ETag, the points (acceptance, keyed "hazard:{id}:accept"; the rectification bonus, keyed
/// "hazard:{id}:verify") and an outbox message that brings the review index up to date.
/// </summary>
internal sealed class HazardReview(LedgerWriter writer, HazardsTable index, HazardSync sync, PhotoStore photos, ILogger<HazardReview> log)
{
    public async Task<Decision<HazardView>> ReviewAsync(string id, ReviewCommand review, CancellationToken ct)
    {
        if (review.Decision == ReviewCommand.Duplicate && await index.FindAsync(review.Of!, ct) is null)
        {
            return new Refusal(ProblemCodes.ValidationFailed, "One or more fields are missing or invalid.", Errors("of", $"There is no report '{review.Of}'."));
        }

        var accept = review.Decision == ReviewCommand.Accept;
        var (result, _) = await MoveAsync(
            id,
            accept ? $"hazard:{id}:accept" : null,
            accept ? review.Severity! : "",
            read => HazardFlow.Review(read.Report, review, read.Ledger.Rules.Rules.HazardTerms(), Domain.Earning.Campaigns.Applying(read.Ledger.Rules.Campaigns, LedgerKinds.Hazard, read.Ledger.Rules.LocalNow(read.Report.SubmittedAt)), read.Ledger.Now),
            null,
            ct);

        // The acceptance's key already holds another severity: changing it is not a move a report can take.
        return result.Refusal?.Code == RefusalCodes.IdempotencyKeyReused
            ? new Refusal(HazardCodes.InvalidTransition, "This report was already accepted with another severity.", new Dictionary<string, object?> { ["status"] = HazardStatus.Accepted })
            : result;
    }

    /// <summary>Records the fix with an after-photo; the photo is stored first and deleted again unless the move commits.</summary>
    public async Task<Decision<HazardView>> RectifyAsync(string id, byte[] photo, string note, CancellationToken ct)
    {
        var prepared = Photos.Prepare(photo);
        if (prepared.IsRefused)
        {
            return prepared.Refusal!;
        }

        var name = PhotoStore.NewName();
        await photos.PutAsync(name, prepared.Value!.Jpeg, ct);

        // On an exception the commit may have happened, so the photo stays; otherwise only a committed move keeps it.
        var result = await MoveAsync(id, null, "", read => HazardFlow.Rectify(read.Report, note, read.Ledger.Now), name, ct);
        if (!result.Committed)
        {
            await photos.DeleteAsync(name, CancellationToken.None);
        }

        return result.View;
    }

    public async Task<Decision<HazardView>> VerifyAsync(string id, CancellationToken ct) =>
        (await MoveAsync(id, $"hazard:{id}:verify", "", read => HazardFlow.Verify(read.Report, read.Ledger.Rules.Rules.HazardTerms(), read.Ledger.Now), null, ct)).View;

    private sealed record ReportRead(HazardReport Report, LedgerRead Ledger);

    /// <summary>
    /// One move of a report, decided on a fresh read: the report's new state under the version read, the points it
    /// pays and the message that brings the review index up to date. The view answers; whether it committed says
    /// what to keep.
    /// </summary>
    private async Task<(Decision<HazardView> View, bool Committed)> MoveAsync(
        string id, string? idemKey, string requestHash, Func<ReportRead, Decision<HazardMove>> decide, string? afterPhoto, CancellationToken ct)
    {
        if (await index.FindAsync(id, ct) is not { } where)
        {
            return (NotFound(id), false);
        }

        var result = await writer.WriteChangeAsync(
            new LedgerCommand(where.WorkerId, null, idemKey, requestHash, new SnapshotQuery { Reports = [id] }),
            read => read.Snapshot.Report(id) is not { } row ? NotFound(id) : decide(new ReportRead(row.Report, read)).Then<Decided<HazardView>>(move =>
                (move.Changed
                    ? new LedgerChange
                    {
                        Posting = move.Posting,
                        Puts = [row with { Report = move.Next, AfterPhoto = afterPhoto ?? row.AfterPhoto }],
                        Outbox = [new OutboxMessage(HazardSubmission.OutboxKey(id, move.Next.Version), StorageNames.HazardPhotoQueue, new HazardMessage(id, where.WorkerId))],
                    }
                    : LedgerChange.None).As(_ => HazardView.Of(move.Next, read.Rules))),
            ct);

        if (result.Value?.Committed?.Puts.OfType<ReportRow>().SingleOrDefault() is { } done)
        {
            log.LogInformation("Hazard report {ReportId} is now {Status}", id, done.Report.Status);
            await sync.AfterCommitAsync(done.Report);
            return (result.Value.Outcome, true);
        }

        return (result.Then<HazardView>(w => w.Outcome), false);
    }

    private static Refusal NotFound(string id) => new(HazardCodes.HazardNotFound, $"There is no hazard report '{id}'.");

    private static Dictionary<string, object?> Errors(string field, string message) => new() { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } };
}
