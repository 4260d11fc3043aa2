using Microsoft.Extensions.Logging;
using Rewards.Domain;
using Rewards.Domain.Hazards;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;

namespace Rewards.Functions.Hazards;

/// <summary>
/// What the hazard-photos trigger does with a report: the first time, the thumbnail (written once, under a name
/// that follows from the photo's), the difference hash and the near duplicates among the unit's reports, kept
/// on the report under its ETag; every time, the review index brought up to the report's version. A redelivered
/// message finds the report processed and only re-syncs the index, which changes nothing.
/// </summary>
internal sealed class HazardProcessing(AccountsTable accounts, LedgerWriter writer, HazardsTable index, PhotoStore photos, ILogger<HazardProcessing> log)
{
    public async Task ProcessAsync(HazardMessage message, CancellationToken ct)
    {
        var rows = await accounts.ReadAsync(message.WorkerId, new SnapshotQuery { Reports = [message.ReportId] }, ct);
        if (rows.Report(message.ReportId) is not { } row || rows.Account is not { } account)
        {
            log.LogWarning("No hazard report {ReportId} of {WorkerId} to process", message.ReportId, message.WorkerId);
            return;
        }

        var report = row.Report;
        var name = account.DisplayName;
        if (report.Status == HazardStatus.Submitted && !report.Processed)
        {
            var photo = row.Photo;
            var bytes = await photos.ReadAsync(photo, ct) ?? throw new InvalidDataException($"The photo of hazard report {report.Id} is missing.");
            var (thumb, hash) = Photos.Thumbnail(bytes);
            await photos.PutAsync(PhotoStore.ThumbOf(photo), thumb.Jpeg, ct);
            var unit = await index.RecentAsync(report.UnitId, report.SubmittedAt - NearDuplicates.PhotoWindow, ct);
            var duplicates = NearDuplicates.Find(new ReportFingerprint(report.Id, report.Place, report.SubmittedAt, hash), unit);
            (report, name) = await CommitAsync(message, (r, _) => HazardFlow.Processed(r, hash, duplicates), ct) ?? (report, name);
            log.LogInformation("Processed the photo of {ReportId}: {Duplicates} near duplicates", report.Id, duplicates.Count);
        }

        await index.SyncAsync(report, name, ct);
    }

    /// <summary>For a message that ended in hazard-photos-poison: the report shows failed, unless it was processed or reviewed meanwhile.</summary>
    public async Task FailAsync(HazardMessage message, CancellationToken ct)
    {
        if (await CommitAsync(message, HazardFlow.Failed, ct) is var (report, name))
        {
            log.LogWarning("The photo of hazard report {ReportId} could not be processed; it shows {Status}", report.Id, report.Status);
            await index.SyncAsync(report, name, ct);
        }
    }

    /// <summary>Decides on a fresh read of the report and commits the change under its ETag; null when there is no such report.</summary>
    private async Task<(HazardReport Report, string DisplayName)?> CommitAsync(HazardMessage message, Func<HazardReport, DateTimeOffset, HazardMove> decide, CancellationToken ct)
    {
        var result = await writer.WriteAsync(
            new LedgerCommand(message.WorkerId, null, null, "", new SnapshotQuery { Reports = [message.ReportId] }),
            read =>
            {
                if (read.Snapshot.Report(message.ReportId) is not { } row)
                {
                    return new Refusal(HazardCodes.HazardNotFound, $"There is no hazard report '{message.ReportId}'.");
                }

                var move = decide(row.Report, read.Now);
                return (move.Changed ? new LedgerChange { Puts = [row with { Report = move.Next }] } : LedgerChange.None)
                    .As(_ => new ProcessedReport(move.Next, read.Account.DisplayName));
            },
            ct);

        return result.Refusal?.Code switch
        {
            null => (result.Value!.Report, result.Value.DisplayName),
            HazardCodes.HazardNotFound or ProblemCodes.WorkerNotFound => null,
            var code => throw new InvalidOperationException($"Hazard report {message.ReportId} could not be updated ({code}); the message will be retried."),
        };
    }

    private sealed record ProcessedReport(HazardReport Report, string DisplayName);
}
