using Microsoft.Extensions.Logging;
using Rewards.Domain.Hazards;
using Rewards.Functions.Accounts;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Hazards;

/// <summary>
/// After a report's change commits: its outbox message is published (the hazard-photos trigger then brings the
/// review index up to date, and the sweep republishes it after a crash), and the index is updated at once so
/// the reviewer reads their own change. Neither can fail the committed change.
/// </summary>
internal sealed class HazardSync(HazardsTable index, Outbox outbox, ILogger<HazardSync> log)
{
    public async Task AfterCommitAsync(HazardReport report, string outboxKey)
    {
        await outbox.TryPublishAsync(report.WorkerId, outboxKey, StorageNames.HazardPhotoQueue, Json.Serialize(new HazardMessage(report.Id, report.WorkerId)));
        try
        {
            await index.SyncAsync(report, null, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "The review index of {ReportId} is left to the hazard-photos message", report.Id);
        }
    }
}
