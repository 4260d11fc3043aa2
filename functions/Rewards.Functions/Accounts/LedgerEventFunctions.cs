using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Storage;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Accounts;

internal sealed class LedgerEventFunctions(WorkersTable directory, Projector projector, Outbox outbox, TimeProvider clock, ILogger<LedgerEventFunctions> log)
{
    /// <summary>
    /// Keeps the worker directory, progress and leaderboards current; a duplicate or stale event changes nothing.
    /// Then deletes the event's outbox row (the writer leaves it, saving the request a storage call).
    /// </summary>
    [Function("ProjectLedgerEvent")]
    public async Task Project([QueueTrigger(StorageNames.LedgerEvents)] string message, CancellationToken ct)
    {
        var e = Json.Deserialize<LedgerEvent>(message) ?? throw new InvalidOperationException("An empty ledger event.");
        var applied = await directory.ApplyAsync(e, ct);
        await projector.ApplyAsync(e, ct);
        try
        {
            await outbox.DoneAsync(e, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The event is applied; a row left behind is only published again by a sweep, which changes nothing.
            log.LogWarning(ex, "Outbox row of {TxId} ({WorkerId}) left for the sweep", e.TxId, e.WorkerId);
        }
        log.LogInformation("Ledger event {TxId} #{Sequence} of {WorkerId}: {Applied}", e.TxId, e.Sequence, e.WorkerId, applied ? "applied" : "already seen");
    }

    /// <summary>Publishes outbox rows that a crash left behind, found through the index buckets that are past their grace.</summary>
    [Function("SweepOutbox")]
    public async Task Sweep([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var published = await outbox.SweepAsync(clock.GetUtcNow() - OutboxIndex.Grace, ct);
        if (published > 0)
        {
            log.LogWarning("Outbox sweep published {Count} left-behind events", published);
        }
    }
}
