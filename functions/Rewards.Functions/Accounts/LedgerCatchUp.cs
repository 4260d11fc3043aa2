using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Storage;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Accounts;

/// <summary>
/// A ledger event that failed its projection five times lands in ledger-events-poison; this brings the
/// worker it names up to date anyway. Every few minutes it takes the poisoned events and projects each
/// worker from the ledger itself, up to the account's current sequence (the directory from the account row,
/// progress and boards from the ledger lines past their watermarks), then deletes the message. It is driven by
/// the poison queue, so a run costs the poisoned events, not the history. An event it still cannot project
/// stays in the queue for the next run, and GET /api/admin/reconciliation shows the queue's size meanwhile.
/// </summary>
internal sealed class LedgerCatchUp(QueueServiceClient queues, AccountsTable accounts, WorkersTable directory, Projector projector, IOptions<StorageOptions> options, ILogger<LedgerCatchUp> log)
{
    public const string PoisonQueue = StorageNames.LedgerEvents + "-poison";

    /// <summary>Longer than a run, so a message that fails is not met again in the same run.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    [Function("CatchUpLedgerEvents")]
    public async Task Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var caughtUp = await RunAsync(ct);
        if (caughtUp > 0)
        {
            log.LogWarning("Caught up {Count} workers from poisoned ledger events", caughtUp);
        }
    }

    /// <summary>Projects the worker of every poisoned ledger event; returns how many events were settled.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var poison = queues.GetQueueClient(options.Value.Queue(PoisonQueue));
        var settled = 0;
        while (true)
        {
            var batch = (await poison.ReceiveMessagesAsync(32, Lease, ct)).Value;
            if (batch.Length == 0)
            {
                return settled;
            }

            foreach (var message in batch)
            {
                try
                {
                    await CatchUpAsync(Json.Deserialize<LedgerEvent>(message.Body.ToString()) ?? throw new InvalidOperationException("An empty ledger event."), ct);
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    settled++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Poisoned ledger event {MessageId} could not be caught up; it stays for the next run", message.MessageId);
                }
            }
        }
    }

    /// <summary>Brings the directory, progress and boards of the event's worker up to the account's latest line.</summary>
    private async Task CatchUpAsync(LedgerEvent e, CancellationToken ct)
    {
        if ((await accounts.ReadAsync(e.WorkerId, Domain.Ledger.SnapshotQuery.Nothing, ct)).Account is not { } account)
        {
            return;
        }

        var state = account.State;
        var current = e with
        {
            UnitId = account.UnitId,
            Sequence = state.Sequence,
            BalanceAfter = state.Balance,
            Held = state.Held,
            LifetimeEarned = state.LifetimeEarned,
        };
        await directory.ApplyAsync(current, ct);
        await projector.ApplyAsync(current, ct);
        log.LogInformation("Caught up {WorkerId} to #{Sequence} after poisoned event {TxId}", e.WorkerId, state.Sequence, e.TxId);
    }
}
