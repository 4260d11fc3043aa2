using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Redemptions;

/// <summary>
/// What a partner's webhook receives: a snapshot of the order taken in the transaction that changed it, with an
/// event id (stable across retries, so the partner drops duplicates) and the order's sequence (so the partner puts
/// events in order). Type: order.reserved, accepted, shipped, delivered, rejected, cancelled, expired; webhook.test.
/// </summary>
internal sealed record OrderEvent(string Id, string Type, int Sequence, DateTimeOffset OccurredAt, string PartnerId, OrderView? Order);

/// <summary>A message on the notify-partner queue: the exact body to sign and send, when it was first queued, and the tries so far.
/// <see cref="OutboxRow"/> names the outbox row that published it, which its consumer deletes on the first pass.</summary>
internal sealed record PartnerEventMessage(string PartnerId, string EventId, string Type, string Body, DateTimeOffset Since, int Attempts = 0, int Passes = 0, string? OutboxRow = null);

/// <summary>
/// The partners' outbox: each order change adds its event row in the same transaction (see <see cref="OrdersTable"/>);
/// it is published to notify-partner right after the commit, and its consumer deletes it when it takes the message
/// (<see cref="DoneAsync"/>), so the step that changed the order pays no delete. A crash before the publish leaves
/// the row for <see cref="SweepAsync"/>, which reads each partner's partition for rows older than <see cref="Grace"/> (longer than the queue takes
/// to reach a message) and deletes them itself; a publish twice is harmless: the partner deduplicates by event id.
/// </summary>
internal sealed class OrderEvents(OrdersTable orders, Partners.PartnersTable partners, QueueServiceClient queues, IOptions<StorageOptions> storage, TimeProvider clock, ILogger<OrderEvents> log)
{
    public static TableEntity OutboxRow(TableEntity order, DateTimeOffset now)
    {
        var sequence = order.GetInt32("Sequence") ?? 1;
        var e = new OrderEvent($"evt_{order.RowKey}_{sequence}", $"order.{order.GetString("Status")}", sequence, now, order.PartitionKey, OrderViews.From(order));
        return new TableEntity(order.PartitionKey, $"{OrdersTable.OutboxFrom}{order.RowKey}|{sequence:D6}")
        {
            ["EventId"] = e.Id, ["Type"] = e.Type, ["Body"] = Json.Serialize(e), ["WrittenAt"] = now,
        };
    }

    /// <summary>Publishes after the commit; any failure is logged and left to the sweep, never reported to the caller whose change is committed.</summary>
    public async Task TryPublishAsync(TableEntity outboxRow)
    {
        try
        {
            await PublishAsync(outboxRow, CancellationToken.None);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Partner event {Key} of {PartnerId} left for the sweep", outboxRow.RowKey, outboxRow.PartitionKey);
        }
    }

    /// <summary>How old an outbox row must be before the sweep publishes it: its own publish has failed, or its consumer is far behind.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    public async Task<int> SweepAsync(DateTimeOffset writtenBefore, CancellationToken ct)
    {
        var published = 0;
        foreach (var partner in await partners.AllAsync(ct))
        {
            await foreach (var row in orders.OutboxAsync(partner.Id, writtenBefore, ct))
            {
                await PublishAsync(row, ct);
                await orders.DeleteOutboxAsync(row.PartitionKey, row.RowKey, ct);
                published++;
            }
        }

        return published;
    }

    /// <summary>The consumer has the message: the outbox row that published it is done (first pass only; retries carry no row).</summary>
    public async Task DoneAsync(PartnerEventMessage m, CancellationToken ct)
    {
        if (m is { OutboxRow: { } row, Passes: 0 })
        {
            await orders.DeleteOutboxAsync(m.PartnerId, row, ct);
        }
    }

    public Task EnqueueAsync(PartnerEventMessage message, TimeSpan? delay, CancellationToken ct) =>
        queues.GetQueueClient(storage.Value.Queue(StorageNames.PartnerNotificationQueue)).SendMessageAsync(Json.Serialize(message), visibilityTimeout: delay, cancellationToken: ct);

    private async Task PublishAsync(TableEntity row, CancellationToken ct)
    {
        var message = new PartnerEventMessage(row.PartitionKey, row.GetString("EventId") ?? "", row.GetString("Type") ?? "", row.GetString("Body") ?? "{}", clock.GetUtcNow(), OutboxRow: row.RowKey);
        await EnqueueAsync(message, null, ct);
    }
}
