using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;
using Rewards.Domain.Redemptions;

namespace Rewards.Functions.Redemptions;

/// <summary>One step of an order's history: the status it reached, when, and the partner's note (tracking number or reason).</summary>
internal sealed record OrderStep(string Status, DateTimeOffset At, string? Note);

/// <summary>
/// The Orders table (PartitionKey = partnerId, RowKey = redemptionId): the partner's view of each reserved
/// redemption. Every change of an order is one entity group transaction in the partner's partition that also adds
/// its event to the outbox (RowKey "out|{redemptionId}|{sequence}"): the event is the snapshot of that change,
/// numbered by the order's own sequence, and exists exactly when the change does. A move also adds a follow-up row
/// ("follow|{redemptionId}|{sequence}"): the order's consequences in the worker's partition and the stock are still
/// to be run for it. The step that moved the order deletes it once they ran; one left behind (a crash, contention
/// that outlasted the retries) is run again by the follow-up sweep, so a final order never leaves a hold in place.
/// </summary>
internal sealed class OrdersTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const string OutboxFrom = "out|";
    public const string OutboxTo = "out}";
    public const string FollowFrom = "follow|";
    public const string FollowTo = "follow}";

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Orders));

    /// <summary>Inserts the order and its order.reserved event together, once, and returns the event's outbox row; a redelivered message finds the order there, changes nothing and gets null.</summary>
    public async Task<TableEntity?> AddAsync(RedemptionMessage m, DateTimeOffset now, CancellationToken ct)
    {
        var order = new TableEntity(m.PartnerId, m.RedemptionId)
        {
            ["WorkerId"] = m.WorkerId, ["RewardId"] = m.RewardId, ["Title"] = m.Title, ["Quantity"] = m.Quantity,
            ["Delivery"] = m.Delivery, ["Status"] = Fulfilment.Reserved, ["CreatedAt"] = now, ["UpdatedAt"] = now, ["Sequence"] = 1,
            ["History"] = Json.Serialize(new[] { new OrderStep(Fulfilment.Reserved, now, null) }),
        };
        var outbox = OrderEvents.OutboxRow(order, now);
        try
        {
            await _table.SubmitTransactionAsync([new(TableTransactionActionType.Add, order), new(TableTransactionActionType.Add, outbox)], ct);
            return outbox;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    public async Task<TableEntity?> FindAsync(string partnerId, string redemptionId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partnerId, redemptionId, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// Moves the order under the ETag it was read with (of two racing transitions exactly one wins), appends the
    /// step to its history, raises its sequence and adds the event and the follow-up row, in one transaction.
    /// Returns the row as written, its event's outbox row and its follow-up row's key.
    /// </summary>
    public async Task<(TableEntity Order, TableEntity Outbox, string FollowUp)> MoveAsync(TableEntity read, IDictionary<string, object?> changes, DateTimeOffset now, CancellationToken ct)
    {
        var update = new TableEntity(read.PartitionKey, read.RowKey);
        foreach (var (key, value) in changes)
        {
            update[key] = value;
        }

        var note = changes.TryGetValue("TrackingNo", out var tracking) ? tracking as string : changes.TryGetValue("Reason", out var reason) ? reason as string : null;
        update["History"] = Json.Serialize(History(read).Append(new OrderStep(update.GetString("Status") ?? "", now, note)).ToList());
        update["Sequence"] = (read.GetInt32("Sequence") ?? 1) + 1;
        update["UpdatedAt"] = now;
        var after = new TableEntity(read);
        foreach (var (key, value) in update)
        {
            after[key] = value;
        }

        var outbox = OrderEvents.OutboxRow(after, now);
        var followUp = new TableEntity(read.PartitionKey, $"{FollowFrom}{read.RowKey}|{update.GetInt32("Sequence"):D6}") { ["RedemptionId"] = read.RowKey, ["WrittenAt"] = now };
        await _table.SubmitTransactionAsync(
            [new(TableTransactionActionType.UpdateMerge, update, read.ETag), new(TableTransactionActionType.Add, outbox), new(TableTransactionActionType.Add, followUp)],
            ct);
        return (after, outbox, followUp.RowKey);
    }

    /// <summary>The follow-up rows of one partner written before <paramref name="writtenBefore"/>: one range query in the partner's partition.</summary>
    public async Task<IReadOnlyList<(string RowKey, string RedemptionId)>> FollowUpsAsync(string partnerId, DateTimeOffset writtenBefore, CancellationToken ct)
    {
        var filter = Filters.And(Filters.And(Filters.Partition(partnerId), Filters.RowRange(FollowFrom, FollowTo)), TableClient.CreateQueryFilter($"WrittenAt lt {writtenBefore.ToUniversalTime()}"));
        var rows = new List<(string, string)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "RedemptionId"], cancellationToken: ct))
        {
            rows.Add((row.RowKey, row.GetString("RedemptionId") ?? ""));
        }

        return rows;
    }

    public Task DeleteFollowUpAsync(string partnerId, string rowKey, CancellationToken ct) => _table.DeleteIfExistsAsync(partnerId, rowKey, ct);

    public static IReadOnlyList<OrderStep> History(TableEntity order) =>
        order.GetString("History") is { Length: > 0 } json ? Json.Deserialize<List<OrderStep>>(json) ?? [] : [];

    /// <summary>The partner's orders (never its outbox rows), optionally of one status.</summary>
    public async Task<IReadOnlyList<TableEntity>> ListAsync(string partnerId, string? status, CancellationToken ct)
    {
        var filter = Filters.And(Filters.Partition(partnerId), TableClient.CreateQueryFilter($"RowKey lt {OutboxFrom}"));
        if (status is not null)
        {
            filter = Filters.And(filter, TableClient.CreateQueryFilter($"Status eq {status}"));
        }

        var list = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            if (IsOrder(row))
            {
                list.Add(row);
            }
        }

        return list;
    }

    /// <summary>
    /// One storage call: a page of at most <paramref name="max"/> orders (never outbox rows) across partners or of one,
    /// optionally of one status and created at or before <paramref name="createdBy"/>, in table order (partner, then id,
    /// so oldest first); the continuation is null after the last page. A page may hold fewer rows than asked, even none.
    /// </summary>
    public async Task<(IReadOnlyList<TableEntity> Rows, string? Continuation)> PageAsync(
        string? partnerId, string? status, DateTimeOffset? createdBy, int max, string? continuation, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey lt {OutboxFrom}");
        if (partnerId is not null)
        {
            filter = Filters.And(Filters.Partition(partnerId), filter);
        }

        if (status is not null)
        {
            filter = Filters.And(filter, TableClient.CreateQueryFilter($"Status eq {status}"));
        }

        if (createdBy is { } at)
        {
            filter = Filters.And(filter, TableClient.CreateQueryFilter($"CreatedAt le {at.ToUniversalTime()}"));
        }

        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: ct).AsPages(continuation, max))
        {
            return ([.. page.Values.Where(IsOrder)], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Every order's status by redemption id, for reconciliation (an admin check that reads the table).</summary>
    public async Task<IReadOnlyDictionary<string, string>> StatusesAsync(CancellationToken ct)
    {
        var statuses = new Dictionary<string, string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey lt {OutboxFrom}"), select: ["RowKey", "Status"], cancellationToken: ct))
        {
            if (IsOrder(row))
            {
                statuses[row.RowKey] = row.GetString("Status") ?? "";
            }
        }

        return statuses;
    }

    public async Task<int> CountAsync(string partnerId, CancellationToken ct) => (await ListAsync(partnerId, null, ct)).Count;

    /// <summary>
    /// A partner's outbox rows written before <paramref name="writtenBefore"/>, for the sweep: a range query in the partner's
    /// partition, so it reads what is left behind and never the partner's orders (a query on RowKey alone scans the table).
    /// </summary>
    public AsyncPageable<TableEntity> OutboxAsync(string partnerId, DateTimeOffset writtenBefore, CancellationToken ct) =>
        _table.QueryAsync<TableEntity>(
            Filters.And(Filters.And(Filters.Partition(partnerId), Filters.RowRange(OutboxFrom, OutboxTo)), TableClient.CreateQueryFilter($"WrittenAt lt {writtenBefore.ToUniversalTime()}")),
            maxPerPage: 1000,
            cancellationToken: ct);

    public Task<bool> DeleteOutboxAsync(string partnerId, string rowKey, CancellationToken ct) => _table.DeleteIfExistsAsync(partnerId, rowKey, ct);

    private static bool IsOrder(TableEntity row) => !row.RowKey.Contains('|', StringComparison.Ordinal);
}
