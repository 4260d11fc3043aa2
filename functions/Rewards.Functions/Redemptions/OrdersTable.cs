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

    public async Task<TableEntity?> FindAsync(string partnerId, string redemptionId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partnerId, redemptionId, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Moves the order under the ETag it was read with: of two racing transitions exactly one wins.</summary>
    public Task UpdateAsync(TableEntity read, IDictionary<string, object?> changes, CancellationToken ct)
    {
        var row = new TableEntity(read.PartitionKey, read.RowKey);
        foreach (var (key, value) in changes)
        {
            row[key] = value;
        }

        return _table.UpdateEntityAsync(row, read.ETag, TableUpdateMode.Merge, ct);
    }

    public async Task<IReadOnlyList<TableEntity>> ListAsync(string partnerId, string? status, CancellationToken ct)
    {
        var filter = status is null ? Filters.Partition(partnerId) : Filters.And(Filters.Partition(partnerId), TableClient.CreateQueryFilter(System.Runtime.CompilerServices.FormattableStringFactory.Create("Status eq {0}", status)));
        var list = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            list.Add(row);
        }

        return list;
    }

    /// <summary>Every order's status by redemption id, for reconciliation (an admin check that reads the table).</summary>
    public async Task<IReadOnlyDictionary<string, string>> StatusesAsync(CancellationToken ct)
    {
        var statuses = new Dictionary<string, string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(select: ["RowKey", "Status"], cancellationToken: ct))
        {
            statuses[row.RowKey] = row.GetString("Status") ?? "";
        }

        return statuses;
    }

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
