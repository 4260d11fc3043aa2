using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Webhooks;

/// <summary>One event's delivery to a partner: the last try's time, HTTP status (0: no answer), outcome and the tries so far.</summary>
internal sealed record Delivery(string EventId, string Type, DateTimeOffset At, int Status, string Outcome, int Attempts, string? Error);

internal sealed record DeliveryList(IReadOnlyList<Delivery> Items);

/// <summary>
/// The WebhookDeliveries table (PartitionKey = partnerId, RowKey = inverted ticks of the event's first queueing and its
/// id): one row per event, rewritten on every pass, newest first; only the last <see cref="Kept"/> are kept.
/// </summary>
internal sealed class DeliveriesTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const int Kept = 50;

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.WebhookDeliveries));

    public async Task RecordAsync(string partnerId, DateTimeOffset since, Delivery delivery, CancellationToken ct)
    {
        await _table.UpsertEntityAsync(
            new TableEntity(partnerId, $"{long.MaxValue - since.UtcTicks:D19}|{delivery.EventId}")
            {
                ["EventId"] = delivery.EventId, ["Type"] = delivery.Type, ["At"] = delivery.At, ["Status"] = delivery.Status,
                ["Outcome"] = delivery.Outcome, ["Attempts"] = delivery.Attempts, ["Error"] = delivery.Error,
            },
            TableUpdateMode.Replace,
            ct);
        var seen = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.Partition(partnerId), maxPerPage: 100, select: ["RowKey"], cancellationToken: ct))
        {
            if (++seen > Kept)
            {
                await _table.DeleteIfExistsAsync(partnerId, row.RowKey, ct);
            }
        }
    }

    public async Task<IReadOnlyList<Delivery>> LatestAsync(string partnerId, CancellationToken ct)
    {
        var list = new List<Delivery>();
        await foreach (var r in _table.QueryAsync<TableEntity>(Filters.Partition(partnerId), maxPerPage: Kept, cancellationToken: ct))
        {
            list.Add(new Delivery(r.GetString("EventId") ?? "", r.GetString("Type") ?? "", r.GetDateTimeOffset("At") ?? default, r.GetInt32("Status") ?? 0, r.GetString("Outcome") ?? "", r.GetInt32("Attempts") ?? 0, r.GetString("Error")));
            if (list.Count == Kept)
            {
                break;
            }
        }

        return list;
    }
}
