using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain;
using Rewards.Functions.Http;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Catalog;

/// <summary>
/// The Rewards table (PartitionKey "catalog") and the Stock table (PartitionKey = rewardId, RowKey "stock"):
/// the level changes only under its ETag, so it can never be oversold, and a restock is idempotent per
/// Idempotency-Key through a marker row in the same partition and transaction.
/// </summary>
internal sealed class CatalogTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private const string Catalog = "catalog";
    private const string StockRow = "stock";

    private readonly TableClient _rewards = service.GetTableClient(options.Value.Table(StorageNames.Rewards));
    private readonly TableClient _stock = service.GetTableClient(options.Value.Table(StorageNames.Stock));

    public async Task<IReadOnlyList<Reward>> AllAsync(CancellationToken ct)
    {
        var list = new List<Reward>();
        await foreach (var row in _rewards.QueryAsync<TableEntity>(Filters.Partition(Catalog), cancellationToken: ct))
        {
            list.Add(Json.Deserialize<Reward>(row.GetString("Json") ?? "{}")!);
        }

        return list;
    }

    public async Task<Reward?> FindAsync(string id, CancellationToken ct)
    {
        var row = await _rewards.GetEntityIfExistsAsync<TableEntity>(Catalog, id, cancellationToken: ct);
        return row.HasValue ? Json.Deserialize<Reward>(row.Value!.GetString("Json") ?? "{}") : null;
    }

    /// <summary>Adds a prize with its initial stock; false when the id is taken (nothing changes then).</summary>
    public async Task<bool> AddAsync(Reward reward, int initialStock, CancellationToken ct)
    {
        if (!await _stock.AddIfAbsentAsync(new TableEntity(reward.Id, StockRow) { ["Remaining"] = (long)initialStock, ["Initial"] = (long)initialStock, ["Restocked"] = 0L, ["Reserved"] = 0L, ["Delivered"] = 0L }, ct))
        {
            return false;
        }

        return await _rewards.AddIfAbsentAsync(new TableEntity(Catalog, reward.Id) { ["Json"] = Json.Serialize(reward) }, ct);
    }

    public Task UpdateAsync(Reward reward, CancellationToken ct) =>
        _rewards.UpsertEntityAsync(new TableEntity(Catalog, reward.Id) { ["Json"] = Json.Serialize(reward) }, TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyDictionary<string, StockLevel>> StockAsync(CancellationToken ct)
    {
        var levels = new Dictionary<string, StockLevel>();
        await foreach (var row in _stock.QueryAsync<TableEntity>(Filters.Row(StockRow), cancellationToken: ct))
        {
            levels[row.PartitionKey] = Level(row);
        }

        return levels;
    }

    public async Task<StockLevel?> StockAsync(string rewardId, CancellationToken ct)
    {
        var row = await _stock.GetEntityIfExistsAsync<TableEntity>(rewardId, StockRow, cancellationToken: ct);
        return row.HasValue ? Level(row.Value!) : null;
    }

    /// <summary>Adds stock once per key: the marker and the new level are one transaction under the level's ETag.</summary>
    public Task<Decision<StockLevel>> RestockAsync(string rewardId, int quantity, string key, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var marker = $"restock|{key}";
            var rows = new Dictionary<string, TableEntity>();
            await foreach (var row in _stock.QueryAsync<TableEntity>(Filters.And(Filters.Partition(rewardId), Filters.AnyRow([StockRow, marker])), cancellationToken: token))
            {
                rows[row.RowKey] = row;
            }

            if (!rows.TryGetValue(StockRow, out var stock))
            {
                return (Decision<StockLevel>)new Refusal(ProblemCodes.RewardNotFound, $"There is no reward '{rewardId}'.");
            }

            if (rows.TryGetValue(marker, out var done))
            {
                return done.GetInt32("Quantity") == quantity
                    ? Level(stock)
                    : new Refusal(RefusalCodes.IdempotencyKeyReused, "This Idempotency-Key was already used to restock a different quantity.");
            }

            var level = Level(stock);
            var next = level with { Remaining = level.Remaining + quantity, Restocked = level.Restocked + quantity };
            await _stock.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(rewardId, marker) { ["Quantity"] = quantity }),
                new(TableTransactionActionType.UpdateMerge, new TableEntity(rewardId, StockRow) { ["Remaining"] = next.Remaining, ["Restocked"] = next.Restocked }, stock.ETag),
            ], token);
            return next;
        }, ct).AsTask();

    /// <summary>
    /// Reserves stock for a redemption, once: a <c>reserve|{id}</c> marker and the lower level are one
    /// transaction under the level's ETag, so stock never goes below zero and a redelivered message finds its
    /// marker. True when reserved (now or before), false when there is not enough left.
    /// </summary>
    public Task<bool> ReserveAsync(string rewardId, string redemptionId, int quantity, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var marker = $"reserve|{redemptionId}";
            var rows = new Dictionary<string, TableEntity>();
            await foreach (var row in _stock.QueryAsync<TableEntity>(Filters.And(Filters.Partition(rewardId), Filters.AnyRow([StockRow, marker])), cancellationToken: token))
            {
                rows[row.RowKey] = row;
            }

            if (rows.ContainsKey(marker))
            {
                return true;
            }

            if (!rows.TryGetValue(StockRow, out var stock) || Level(stock).Remaining < quantity)
            {
                return false;
            }

            var level = Level(stock);
            await _stock.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(rewardId, marker) { ["Quantity"] = quantity }),
                new(TableTransactionActionType.UpdateMerge, new TableEntity(rewardId, StockRow) { ["Remaining"] = level.Remaining - quantity, ["Reserved"] = level.Reserved + quantity }, stock.ETag),
            ], token);
            return true;
        }, ct).AsTask();

    /// <summary>Puts reserved stock back on the shelf (rejected, cancelled, expired), once per redemption.</summary>
    public Task ReleaseAsync(string rewardId, string redemptionId, int quantity, CancellationToken ct) =>
        MoveReservedAsync(rewardId, $"release|{redemptionId}", quantity, l => l with { Remaining = l.Remaining + quantity, Reserved = l.Reserved - quantity }, ct);

    /// <summary>Counts reserved stock as delivered, once per redemption.</summary>
    public Task DeliverAsync(string rewardId, string redemptionId, int quantity, CancellationToken ct) =>
        MoveReservedAsync(rewardId, $"deliver|{redemptionId}", quantity, l => l with { Reserved = l.Reserved - quantity, Delivered = l.Delivered + quantity }, ct);

    private Task MoveReservedAsync(string rewardId, string marker, int quantity, Func<StockLevel, StockLevel> move, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var rows = new Dictionary<string, TableEntity>();
            await foreach (var row in _stock.QueryAsync<TableEntity>(Filters.And(Filters.Partition(rewardId), Filters.AnyRow([StockRow, marker])), cancellationToken: token))
            {
                rows[row.RowKey] = row;
            }

            if (rows.ContainsKey(marker) || !rows.TryGetValue(StockRow, out var stock))
            {
                return;
            }

            var next = move(Level(stock));
            await _stock.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(rewardId, marker) { ["Quantity"] = quantity }),
                new(TableTransactionActionType.UpdateMerge, new TableEntity(rewardId, StockRow) { ["Remaining"] = next.Remaining, ["Reserved"] = next.Reserved, ["Delivered"] = next.Delivered }, stock.ETag),
            ], token);
        }, ct).AsTask();

    private static StockLevel Level(TableEntity r) => new(
        r.GetInt64("Remaining") ?? 0, r.GetInt64("Reserved") ?? 0, r.GetInt64("Delivered") ?? 0, r.GetInt64("Initial") ?? 0, r.GetInt64("Restocked") ?? 0);
}
