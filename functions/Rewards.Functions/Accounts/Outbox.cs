using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Accounts;

/// <summary>
/// The transactional outbox: an "out|" row is written in the same transaction as the ledger line, then
/// published. A crash between the two leaves the row for <see cref="SweepAsync"/>, which finds it through
/// <see cref="OutboxIndex"/>; consumers are idempotent per txId, so publishing twice is harmless, and never
/// publishing is impossible.
/// Who deletes the row: for ledger-events (every award) its consumer does, once it has the message
/// (<see cref="DoneAsync"/>); for redemptions the reservation step does, in the transaction that settles the
/// redemption; so neither request path pays for the delete. For the other queues the publisher does, right
/// after the send. A row whose consumer has not run yet is at worst published again by a sweep after the
/// grace, which the consumer ignores.
/// </summary>
internal sealed class Outbox(QueueServiceClient queues, AccountsTable accounts, OutboxIndex index, IOptions<StorageOptions> options, ILogger<Outbox> log)
{
    /// <summary>A ledger event's outbox row (the writer adds it to every posting's transaction; the bench seeds crashes with it).</summary>
    public static TableTransactionAction Row(LedgerEvent e) => AccountRow.OutboxAdd(e.WorkerId, e.TxId, StorageNames.LedgerEvents, Json.Serialize(e));

    /// <summary>Publishes after the commit; a failure is logged and left to the sweep, never returned to the caller whose points are already safe.</summary>
    public Task TryPublishAsync(LedgerEvent e) => TryPublishAsync(e.WorkerId, e.TxId, StorageNames.LedgerEvents, Json.Serialize(e));

    public async Task TryPublishAsync(string workerId, string key, string queue, string json)
    {
        try
        {
            await PublishAsync(workerId, key, queue, json, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Whatever went wrong (a storage error, the SDK's retries exhausted, a timeout), the write it follows is
            // committed: the caller hears of its success, and the row waits for the sweep.
            log.LogWarning(ex, "Outbox row {Key} of {WorkerId} left for the sweep", key, workerId);
        }
    }

    /// <summary>Whether the consumer of <paramref name="queue"/> deletes the outbox row, rather than the publisher.</summary>
    public static bool ConsumerDeletes(string queue) => queue is StorageNames.LedgerEvents or StorageNames.RedemptionQueue;

    /// <summary>The consumer of a ledger event is done with the outbox row that published it.</summary>
    public Task DoneAsync(LedgerEvent e, CancellationToken ct) => accounts.DeleteOutboxRowAsync(e.WorkerId, e.TxId, ct);

    /// <summary>
    /// Publishes what crashes left behind, looking only where the index says: the workers indexed in buckets
    /// that ended by <paramref name="before"/>. For each, one query of its <c>out|</c> rows (usually none: the
    /// writer published them), then the index rows go. A worker whose publish fails keeps its index row for the
    /// next sweep. Cost: one query per 1,000 due index rows, one per indexed worker, two per leftover, one per
    /// 100 index rows deleted; nothing for the rest of the table.
    /// </summary>
    public async Task<int> SweepAsync(DateTimeOffset before, CancellationToken ct)
    {
        var published = 0;
        var done = new List<ScheduleEntry>();
        await foreach (var entry in index.DueAsync(before, ct))
        {
            try
            {
                var rows = await accounts.ReadWithRangeAsync(entry.WorkerId, RowKeys.OutboxFrom, RowKeys.OutboxTo, ct);
                foreach (var row in rows.Rows.Values.Where(r => r.RowKey.StartsWith(RowKeys.OutboxFrom, StringComparison.Ordinal)))
                {
                    var key = row.RowKey[RowKeys.OutboxFrom.Length..];
                    await PublishAsync(row.PartitionKey, key, row.GetString("Queue") ?? StorageNames.LedgerEvents, row.GetString("Event") ?? "", ct);
                    await accounts.DeleteOutboxRowAsync(row.PartitionKey, key, ct);
                    published++;
                }

                done.Add(entry);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Outbox sweep could not publish for {WorkerId}; its index row stays for the next sweep", entry.WorkerId);
            }
        }

        await index.DoneAsync(done, ct);
        return published;
    }

    private async Task PublishAsync(string workerId, string key, string queue, string json, CancellationToken ct)
    {
        await queues.GetQueueClient(options.Value.Queue(queue)).SendMessageAsync(json, ct);
        if (!ConsumerDeletes(queue))
        {
            await accounts.DeleteOutboxRowAsync(workerId, key, ct);
        }
    }
}
