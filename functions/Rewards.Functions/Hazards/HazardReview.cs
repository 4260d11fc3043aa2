using Azure.Data.Tables;
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
        var result = await MoveAsync(
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
        var committed = false;

        // On an exception the commit may have happened, so the photo stays; otherwise only a committed move keeps it.
        var result = await MoveAsync(id, null, "", read => HazardFlow.Rectify(read.Report, note, read.Ledger.Now), name, ct, () => committed = true);
        if (!committed)
        {
            await photos.DeleteAsync(name, CancellationToken.None);
        }

        return result;
    }

    public Task<Decision<HazardView>> VerifyAsync(string id, CancellationToken ct) =>
        MoveAsync(id, $"hazard:{id}:verify", "", read => HazardFlow.Verify(read.Report, read.Ledger.Rules.Rules.HazardTerms(), read.Ledger.Now), null, ct);

    private sealed record ReportRead(HazardReport Report, TableEntity Row, LedgerRead Ledger);

    private async Task<Decision<HazardView>> MoveAsync(
        string id, string? idemKey, string requestHash, Func<ReportRead, Decision<HazardMove>> decide, string? afterPhoto, CancellationToken ct, Action? onCommitted = null)
    {
        if (await index.FindAsync(id, ct) is not { } where)
        {
            return NotFound(id);
        }

        var key = HazardRow.Key(id);
        HazardMove? move = null;
        var result = await writer.WriteAsync(
            new LedgerCommand(where.WorkerId, null, idemKey, requestHash, [key]),
            read =>
            {
                move = null;
                if (read.Rows.Row(key) is not { } row)
                {
                    return NotFound(id);
                }

                var decided = decide(new ReportRead(HazardRow.Read(row), row, read));
                if (decided.IsRefused)
                {
                    return decided.Refusal!;
                }

                move = decided.Value!;
                return !move.Changed ? new LedgerChange(null, [], []) : new LedgerChange(move.Posting, [],
                [
                    HazardRow.Update(row, move.Next, afterPhoto),
                    Outbox.Row(where.WorkerId, HazardSubmission.OutboxKey(id, move.Next.Version), StorageNames.HazardPhotoQueue, Json.Serialize(new HazardMessage(id, where.WorkerId))),
                ]);
            },
            (_, _, snapshot) => HazardView.Of(move!.Next, snapshot),
            ct);

        if (!result.IsRefused && move is { Changed: true } done)
        {
            onCommitted?.Invoke();
            log.LogInformation("Hazard report {ReportId} is now {Status}", id, done.Next.Status);
            await sync.AfterCommitAsync(done.Next, HazardSubmission.OutboxKey(id, done.Next.Version));
        }

        return result;
    }

    private static Refusal NotFound(string id) => new(HazardCodes.HazardNotFound, $"There is no hazard report '{id}'.");

    private static Dictionary<string, object?> Errors(string field, string message) => new() { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } };
}
