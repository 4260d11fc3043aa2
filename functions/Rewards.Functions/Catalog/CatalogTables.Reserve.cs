using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Catalog;

internal sealed partial class CatalogTables
{
    // The shards of each prize as this instance last read or wrote them, with their ETags. Only a guess: the
    // transaction that uses it is checked by storage exactly as one after a read would be.
    private readonly ConcurrentDictionary<string, IReadOnlyList<TableEntity>> _knownShards = new();

    /// <summary>
    /// Reserves stock for a redemption, once: a <c>reserve|{id}</c> marker recording what it took from which
    /// shard, and the lower levels of those shards, in one transaction under their ETags. Stock never goes
    /// below zero, a redelivered message finds its marker, and reservations that touch different shards of
    /// a hot prize do not contend. It starts at a shard chosen by the redemption id and takes from the next
    /// ones if that is not enough. True when reserved (now or before), false when not enough is left.
    /// The shards this instance wrote last are tried first, without a read: if another writer moved one since,
    /// the transaction fails on its ETag (412), and if this redemption was reserved before, on its marker (409);
    /// either way the guess is dropped and the step reads and decides again. "Not enough" is only ever decided
    /// from a fresh read, so a restock elsewhere is never missed. One storage call per reservation when the
    /// guess holds, two when it does not need one, three when it was stale.
    /// </summary>
    public Task<bool> ReserveAsync(string rewardId, string redemptionId, int quantity, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var marker = $"reserve|{redemptionId}";
            if (_knownShards.TryGetValue(rewardId, out var known) && Take(rewardId, known, marker, redemptionId, quantity) is { } guess)
            {
                try
                {
                    await CommitReservationAsync(rewardId, known, guess, token);
                    return true;
                }
                catch (RequestFailedException e) when (e.Status is >= 400 and < 500)
                {
                    // 412 or 409 as above; any other refusal (a shard that is gone) is also the guess's fault: read.
                    _knownShards.TryRemove(KeyValuePair.Create(rewardId, known));
                }
            }

            var (shards, markers) = await ReadAsync(rewardId, [marker], token);
            if (markers.ContainsKey(marker))
            {
                return true;
            }

            _knownShards[rewardId] = shards;
            if (Take(rewardId, shards, marker, redemptionId, quantity) is not { } actions)
            {
                return false;
            }

            await CommitReservationAsync(rewardId, shards, actions, token);
            return true;
        }, ct).AsTask();

    /// <summary>The transaction that takes <paramref name="quantity"/> from <paramref name="shards"/>, or null when they hold too little.</summary>
    private static List<TableTransactionAction>? Take(string rewardId, IReadOnlyList<TableEntity> shards, string marker, string redemptionId, int quantity)
    {
        if (shards.Count == 0 || shards.Sum(r => Level(r).Remaining) < quantity)
        {
            return null;
        }

        var start = (int)((uint)StringComparer.Ordinal.GetHashCode(redemptionId) % (uint)shards.Count);
        var taken = new Dictionary<string, long>();
        var actions = new List<TableTransactionAction>();
        long owed = quantity;
        for (var i = 0; i < shards.Count && owed > 0; i++)
        {
            var shard = shards[(start + i) % shards.Count];
            var level = Level(shard);
            var take = Math.Min(owed, level.Remaining);
            if (take == 0)
            {
                continue;
            }

            taken[shard.RowKey] = take;
            owed -= take;
            actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(rewardId, shard.RowKey) { ["Remaining"] = level.Remaining - take, ["Reserved"] = level.Reserved + take }, shard.ETag));
        }

        actions.Add(new(TableTransactionActionType.Add, new TableEntity(rewardId, marker) { ["Quantity"] = quantity, ["Taken"] = Json.Serialize(taken) }));
        return actions;
    }

    /// <summary>Commits a reservation and remembers the shards as written, with the ETags storage gave them.</summary>
    private async Task CommitReservationAsync(string rewardId, IReadOnlyList<TableEntity> shards, List<TableTransactionAction> actions, CancellationToken ct)
    {
        var answers = (await _stock.SubmitTransactionAsync(actions, ct)).Value;
        var written = new Dictionary<string, TableEntity>();
        for (var i = 0; i < actions.Count && i < answers.Count; i++)
        {
            if (actions[i].ActionType == TableTransactionActionType.UpdateMerge && answers[i].Headers.ETag is { } etag)
            {
                var before = shards.Single(s => s.RowKey == actions[i].Entity.RowKey);
                var after = new TableEntity(before) { ETag = etag };
                foreach (var (name, value) in (TableEntity)actions[i].Entity)
                {
                    after[name] = value;
                }

                written[after.RowKey] = after;
            }
        }

        if (written.Count == actions.Count(a => a.ActionType == TableTransactionActionType.UpdateMerge))
        {
            _knownShards[rewardId] = [.. shards.Select(s => written.GetValueOrDefault(s.RowKey, s))];
        }
        else
        {
            // Storage did not say what it wrote: the next reservation reads.
            _knownShards.TryRemove(rewardId, out _);
        }
    }
}
