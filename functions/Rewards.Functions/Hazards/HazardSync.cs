using Microsoft.Extensions.Logging;
using Rewards.Domain.Hazards;

namespace Rewards.Functions.Hazards;

/// <summary>
/// After a report's change commits (and the writer has published its outbox message, with which the
/// hazard-photos trigger brings the review index up to date, or the sweep after a crash), the index is updated
/// at once so the reviewer reads their own change. It cannot fail the committed change.
/// </summary>
internal sealed class HazardSync(HazardsTable index, ILogger<HazardSync> log)
{
    public async Task AfterCommitAsync(HazardReport report)
    {
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
