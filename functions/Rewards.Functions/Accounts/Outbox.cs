using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rewards.Functions.Http;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Accounts;

/// <summary>
/// The transactional outbox: an "out|" row is written in the same transaction as the ledger line, then
/// published to ledger-events and deleted. A crash between the two leaves the row for <see cref="SweepAsync"/>;
/// consumers are idempotent per txId, so publishing twice is harmless, and never publishing is impossible.
/// </summary>
internal sealed class Outbox(QueueServiceClient queues, AccountsTable accounts, IOptions<StorageOptions> options, ILogger<Outbox> log)
{
    private readonly QueueClient _queue = queues.GetQueueClient(options.Value.Queue(StorageNames.LedgerEvents));

    public static TableTransactionAction Row(LedgerEvent e) =>
        new(TableTransactionActionType.Add, new TableEntity(e.WorkerId, RowKeys.Outbox(e.TxId)) { ["Event"] = Json.Serialize(e) });

    /// <summary>Publishes after the commit; a failure is logged and left to the sweep, never returned to the caller whose points are already safe.</summary>
    public async Task TryPublishAsync(LedgerEvent e)
    {
        try
        {
            await PublishAsync(e.WorkerId, e.TxId, Json.Serialize(e), CancellationToken.None);
        }
        catch (RequestFailedException ex)
        {
            log.LogWarning(ex, "Outbox row {TxId} of {WorkerId} left for the sweep", e.TxId, e.WorkerId);
        }
    }

    public async Task<int> SweepAsync(DateTimeOffset writtenBefore, CancellationToken ct)
    {
        var published = 0;
        var filter = Filters.RowRange(RowKeys.OutboxFrom, RowKeys.OutboxTo);
        await foreach (var row in accounts.ScanAsync(filter, null, ct))
        {
            if (row.Timestamp < writtenBefore && row.GetString("Event") is { } json)
            {
                await PublishAsync(row.PartitionKey, row.RowKey[RowKeys.OutboxFrom.Length..], json, ct);
                published++;
            }
        }

        return published;
    }

    private async Task PublishAsync(string workerId, string txId, string json, CancellationToken ct)
    {
        await _queue.SendMessageAsync(json, ct);
        await accounts.DeleteIfExistsAsync(workerId, RowKeys.Outbox(txId), ct);
    }
}
