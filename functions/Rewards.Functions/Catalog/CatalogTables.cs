using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain;
using Rewards.Functions.Http;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Catalog;

/// <summary>
/// The Rewards table (PartitionKey "catalog") and the Stock table (PartitionKey = rewardId; RowKey "stock",
/// and "stock|01"… for a prize with several shards): each shard changes only under its ETag, so stock can
/// never be oversold, and every change is idempotent through a marker row in the same partition and
/// transaction. A hot prize gets shards so that concurrent reservations stop contending for one row.
/// </summary>
internal sealed partial class CatalogTables(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider clock)
{
    private const string Catalog = "catalog";
    private const string StockRow = "stock";
    private const string ShardsEnd = "stock}";

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

    /// <summary>
    /// Adds a prize with its initial stock spread over its shards; false when the id is taken (nothing changes then).
    /// The stock goes first and the prize row last, so a prize is never visible without its stock. Stock already
    /// there without a prize row is a half-done add (this call's own retried transaction, whose first answer was
    /// lost, or an earlier add that stopped between the two): it is finished, not reported as taken.
    /// </summary>
    public async Task<bool> AddAsync(Reward reward, int initialStock, CancellationToken ct)
    {
        var shards = Math.Max(1, reward.StockShards);
        var rows = Enumerable.Range(0, shards).Select(i =>
        {
            long share = initialStock / shards + (i < initialStock % shards ? 1 : 0);
            return new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(reward.Id, Shard(i)) { ["Remaining"] = share, ["Initial"] = share, ["Restocked"] = 0L, ["Reserved"] = 0L, ["Delivered"] = 0L });
        }).ToList();
        try
        {
            await _stock.SubmitTransactionAsync(rows, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // The prize row decides whether the id is taken.
        }

        return await _rewards.AddIfAbsentAsync(new TableEntity(Catalog, reward.Id) { ["Json"] = Json.Serialize(reward) }, ct);
    }

    public async Task UpdateAsync(Reward reward, CancellationToken ct)
    {
        await _rewards.UpsertEntityAsync(new TableEntity(Catalog, reward.Id) { ["Json"] = Json.Serialize(reward) }, TableUpdateMode.Replace, ct);
        Interlocked.Increment(ref _updates);
        _recent.TryRemove(reward.Id, out _);
    }

    /// <summary>Every prize's level, its shards added up, in one query.</summary>
    public async Task<IReadOnlyDictionary<string, StockLevel>> StockAsync(CancellationToken ct)
    {
        var levels = new Dictionary<string, StockLevel>();
        await foreach (var row in _stock.QueryAsync<TableEntity>(Filters.RowRange(StockRow, ShardsEnd), cancellationToken: ct))
        {
            levels[row.PartitionKey] = Add(levels.GetValueOrDefault(row.PartitionKey), Level(row));
        }

        return levels;
    }

    public async Task<StockLevel?> StockAsync(string rewardId, CancellationToken ct)
    {
        var (shards, _) = await ReadAsync(rewardId, [], ct);
        return shards.Count == 0 ? null : shards.Select(Level).Aggregate(Add);
    }

    /// <summary>Adds stock once per key, to the emptiest shard: the marker and the new level are one transaction under that shard's ETag.</summary>
    public Task<Decision<StockLevel>> RestockAsync(string rewardId, int quantity, string key, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var marker = $"restock|{key}";
            var (shards, markers) = await ReadAsync(rewardId, [marker], token);
            if (shards.Count == 0)
            {
                return (Decision<StockLevel>)new Refusal(ProblemCodes.RewardNotFound, $"There is no reward '{rewardId}'.");
            }

            if (markers.TryGetValue(marker, out var done))
            {
                return done.GetInt32("Quantity") == quantity
                    ? shards.Select(Level).Aggregate(Add)
                    : new Refusal(RefusalCodes.IdempotencyKeyReused, "This Idempotency-Key was already used to restock a different quantity.");
            }

            var emptiest = shards.OrderBy(r => Level(r).Remaining).First();
            var level = Level(emptiest);
            await _stock.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(rewardId, marker) { ["Quantity"] = quantity }),
                new(TableTransactionActionType.UpdateMerge, new TableEntity(rewardId, emptiest.RowKey) { ["Remaining"] = level.Remaining + quantity, ["Restocked"] = level.Restocked + quantity }, emptiest.ETag),
            ], token);
            return shards.Select(r => r == emptiest ? level with { Remaining = level.Remaining + quantity, Restocked = level.Restocked + quantity } : Level(r)).Aggregate(Add);
        }, ct).AsTask();

    /// <summary>Puts reserved stock back on the shards it came from (rejected, cancelled, expired), once per redemption.</summary>
    public Task ReleaseAsync(string rewardId, string redemptionId, int quantity, CancellationToken ct) =>
        MoveReservedAsync(rewardId, redemptionId, $"release|{redemptionId}", (l, n) => l with { Remaining = l.Remaining + n, Reserved = l.Reserved - n }, ct);

    /// <summary>Counts reserved stock as delivered, once per redemption.</summary>
    public Task DeliverAsync(string rewardId, string redemptionId, int quantity, CancellationToken ct) =>
        MoveReservedAsync(rewardId, redemptionId, $"deliver|{redemptionId}", (l, n) => l with { Reserved = l.Reserved - n, Delivered = l.Delivered + n }, ct);

    private Task MoveReservedAsync(string rewardId, string redemptionId, string marker, Func<StockLevel, long, StockLevel> move, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var reserve = $"reserve|{redemptionId}";
            var (shards, markers) = await ReadAsync(rewardId, [marker, reserve], token);
            if (markers.ContainsKey(marker) || !markers.TryGetValue(reserve, out var reserved))
            {
                return;
            }

            var taken = Json.Deserialize<Dictionary<string, long>>(reserved.GetString("Taken") ?? "{}") ?? [];
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, new TableEntity(rewardId, marker)) };
            foreach (var shard in shards.Where(r => taken.ContainsKey(r.RowKey)))
            {
                var next = move(Level(shard), taken[shard.RowKey]);
                actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(rewardId, shard.RowKey) { ["Remaining"] = next.Remaining, ["Reserved"] = next.Reserved, ["Delivered"] = next.Delivered }, shard.ETag));
            }

            await _stock.SubmitTransactionAsync(actions, token);
        }, ct).AsTask();

    /// <summary>A prize's shards and the given markers, in one query.</summary>
    private async Task<(List<TableEntity> Shards, Dictionary<string, TableEntity> Markers)> ReadAsync(string rewardId, IReadOnlyList<string> markers, CancellationToken ct)
    {
        var shards = Filters.RowRange(StockRow, ShardsEnd);
        var filter = Filters.And(Filters.Partition(rewardId), markers.Count == 0 ? shards : Filters.Or(shards, Filters.AnyRow(markers)));
        var (found, marks) = (new List<TableEntity>(), new Dictionary<string, TableEntity>());
        await foreach (var row in _stock.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (row.RowKey.StartsWith(StockRow, StringComparison.Ordinal))
            {
                found.Add(row);
            }
            else
            {
                marks[row.RowKey] = row;
            }
        }

        return (found, marks);
    }

    private static string Shard(int index) => index == 0 ? StockRow : $"{StockRow}|{index:D2}";

    private static StockLevel Add(StockLevel? a, StockLevel b) =>
        a is null ? b : new(a.Remaining + b.Remaining, a.Reserved + b.Reserved, a.Delivered + b.Delivered, a.Initial + b.Initial, a.Restocked + b.Restocked);

    private static StockLevel Level(TableEntity r) => new(
        r.GetInt64("Remaining") ?? 0, r.GetInt64("Reserved") ?? 0, r.GetInt64("Delivered") ?? 0, r.GetInt64("Initial") ?? 0, r.GetInt64("Restocked") ?? 0);
}
