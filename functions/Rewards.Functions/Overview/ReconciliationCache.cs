using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Overview;

/// <summary>The last reconciliation as the overview shows it: when, how many accounts, green or not, and the first mismatches of each kind.</summary>
internal sealed record ReconciliationState(
    DateTimeOffset At,
    int Checked,
    bool Green,
    int Problems,
    IReadOnlyList<Mismatch> Mismatches,
    IReadOnlyList<StockMismatch> StockMismatches,
    IReadOnlyList<string> DeliveredAndRefunded,
    IReadOnlyList<RedemptionMismatch> RedemptionMismatches)
{
    /// <summary>Activities whose check-ins do not add up; counted in <see cref="Problems"/> like the rest.</summary>
    public IReadOnlyList<Activities.ActivityMismatch> ActivityMismatches { get; init; } = [];

    /// <summary>How many of each kind of mismatch the cached state keeps (a row property holds 64 KiB).</summary>
    public const int Keep = 20;

    public static ReconciliationState Of(ReconciliationReport r, DateTimeOffset at) => new(
        at,
        r.Checked,
        Count(r) == 0,
        Count(r),
        [.. r.Mismatches.Take(Keep)],
        [.. r.StockMismatches.Take(Keep)],
        [.. r.DeliveredAndRefunded.Take(Keep)],
        [.. r.RedemptionMismatches.Take(Keep)])
    {
        ActivityMismatches = [.. r.ActivityMismatches.Take(Keep)],
    };

    private static int Count(ReconciliationReport r) =>
        r.Mismatches.Count + r.StockMismatches.Count + r.DeliveredAndRefunded.Count + r.RedemptionMismatches.Count + r.ActivityMismatches.Count;
}

/// <summary>
/// Reconciliation reads every account and ledger line, so the overview never runs it: it shows the result of the
/// last run (the console's button runs <c>GET /api/admin/reconciliation</c>, which stores it here). One row,
/// table Leaderboards, partition "overview", RowKey "reconciliation": one point read for the overview.
/// </summary>
internal sealed class ReconciliationCache(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider clock, ILogger<ReconciliationCache> log)
{
    private const string Partition = "overview";
    private const string RowKey = "reconciliation";
    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Leaderboards));

    /// <summary>Keeps the result of a run; a failure to keep it is logged, never reported (the run itself is the answer).</summary>
    public async Task SaveAsync(ReconciliationReport report)
    {
        try
        {
            var state = ReconciliationState.Of(report, clock.GetUtcNow());
            await _table.UpsertEntityAsync(new TableEntity(Partition, RowKey) { ["Json"] = Json.Serialize(state) }, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "The reconciliation result was not kept for the overview");
        }
    }

    public async Task<ReconciliationState?> LastAsync(CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey, cancellationToken: ct);
        return row.HasValue && row.Value!.GetString("Json") is { } json ? Json.Deserialize<ReconciliationState>(json) : null;
    }
}
