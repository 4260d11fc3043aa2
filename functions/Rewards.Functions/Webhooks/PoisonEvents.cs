using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Webhooks;

internal sealed record PoisonEvent(string PartnerId, string EventId, string Type, DateTimeOffset Since, int Attempts);

internal sealed record PoisonList(int Count, IReadOnlyList<PoisonEvent> Items);

internal sealed record ReplayResult(int Replayed);

/// <summary>
/// notify-partner-poison: events that failed for a day, and messages the host gave up on (the same queue, as the
/// host names it). An admin lists them and replays them: each goes back to notify-partner as a new day's try.
/// </summary>
internal sealed class PoisonEvents(QueueServiceClient queues, IOptions<StorageOptions> storage, OrderEvents events, TimeProvider clock)
{
    public const string Queue = StorageNames.PartnerNotificationQueue + "-poison";

    private QueueClient Client => queues.GetQueueClient(storage.Value.Queue(Queue));

    public Task AddAsync(PartnerEventMessage m, CancellationToken ct) => Client.SendMessageAsync(Json.Serialize(m), ct);

    /// <summary>The count, and the first 32 (the most a peek shows).</summary>
    public async Task<PoisonList> ListAsync(CancellationToken ct)
    {
        var count = (await Client.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        var peeked = (await Client.PeekMessagesAsync(32, ct)).Value;
        return new PoisonList(count, [.. peeked.Select(p => Json.Deserialize<PartnerEventMessage>(p.Body.ToString())).OfType<PartnerEventMessage>().Select(m => new PoisonEvent(m.PartnerId, m.EventId, m.Type, m.Since, m.Attempts))]);
    }

    /// <summary>Moves every poisoned event back to notify-partner, with a new day to be delivered. A message that is not an event stays.</summary>
    public async Task<int> ReplayAsync(CancellationToken ct)
    {
        var replayed = 0;
        while ((await Client.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), ct)).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                if (Json.Deserialize<PartnerEventMessage>(message.Body.ToString()) is { PartnerId.Length: > 0 } m)
                {
                    await events.EnqueueAsync(m with { Since = clock.GetUtcNow(), Passes = 0, OutboxRow = null }, null, ct);
                    await Client.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    replayed++;
                }
            }
        }

        return replayed;
    }
}
