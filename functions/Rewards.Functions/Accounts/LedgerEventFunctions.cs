using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Storage;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Accounts;

internal sealed class LedgerEventFunctions(WorkersTable directory, Projector projector, Outbox outbox, TimeProvider clock, ILogger<LedgerEventFunctions> log)
{
    /// <summary>
    /// Keeps progress, the leaderboards and the worker directory current; a duplicate or stale event changes nothing.
    /// An event whose worker has later lines applied already leaves the directory to the event of the newest line
    /// (never superseded, so it always writes it; the directory only ever moves forward): in a backlog, most events
    /// then cost no directory call. Then deletes the event's outbox row (the writer leaves it, saving the request a
    /// storage call).
    /// </summary>
    [Function("ProjectLedgerEvent")]
    public async Task Project([QueueTrigger(StorageNames.LedgerEvents)] string message, CancellationToken ct)
    {
        var e = Json.Deserialize<LedgerEvent>(message) ?? throw new InvalidOperationException("An empty ledger event.");
        var through = await projector.ApplyAsync(e, ct);
        var applied = through <= e.Sequence && await directory.ApplyAsync(e, ct);
        try
        {
            await outbox.DoneAsync(e, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The event is applied; a row left behind is only published again by a sweep, which changes nothing.
            log.LogWarning(ex, "Outbox row of {TxId} ({WorkerId}) left for the sweep", e.TxId, e.WorkerId);
        }
        log.LogInformation("Ledger event {TxId} #{Sequence} of {WorkerId}: {Applied}", e.TxId, e.Sequence, e.WorkerId, applied ? "applied" : "already seen or superseded");
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
