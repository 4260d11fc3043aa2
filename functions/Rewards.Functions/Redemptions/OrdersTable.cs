using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Redemptions;

/// <summary>The Orders table (PartitionKey = partnerId, RowKey = redemptionId): the partner's view of each reserved redemption.</summary>
internal sealed class OrdersTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Orders));

    /// <summary>Inserts the order once; a redelivered message finds it there and changes nothing.</summary>
    public Task<bool> AddAsync(RedemptionMessage m, DateTimeOffset now, CancellationToken ct) =>
        _table.AddIfAbsentAsync(new TableEntity(m.PartnerId, m.RedemptionId)
        {
            ["WorkerId"] = m.WorkerId, ["RewardId"] = m.RewardId, ["Title"] = m.Title, ["Quantity"] = m.Quantity,
            ["Delivery"] = m.Delivery, ["Status"] = "reserved", ["CreatedAt"] = now,
        }, ct);

    public async Task<int> CountAsync(string partnerId, CancellationToken ct)
    {
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(Filters.Partition(partnerId), select: ["RowKey"], cancellationToken: ct))
        {
            count++;
        }

        return count;
    }
}
