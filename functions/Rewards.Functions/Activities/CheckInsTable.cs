using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Activities;

internal enum SeatOutcome { Taken, AlreadyHeld, Full, Gone }

/// <summary>One worker's check-in as the activity's partition records it.</summary>
internal sealed record Seat(string WorkerId, string UnitId, DateTimeOffset At);

/// <summary>
/// The CheckIns table, one partition per activity: the capacity counter, spread over <see cref="Shards"/> rows
/// (<c>count|00</c>…) each with its own count and limit, and one row per worker who checked in (<c>seat|{workerId}</c>).
/// Taking a seat is one transaction that adds the worker's seat row and raises one shard's count under that
/// shard's ETag: a shard never passes its limit, so the shards together never pass the capacity, and the seat
/// row's key makes a worker's second seat impossible. Rushing workers hash to different shards, so they do not
/// all contend for one row (as hot prizes' stock does, Catalog/CatalogTables.cs).
/// </summary>
internal sealed class CheckInsTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const int Shards = 8;
    private const string CountFrom = "count|";
    private const string CountTo = "count}";
    private const string SeatFrom = "seat|";
    private const string SeatTo = "seat}";
    private const long NoLimit = -1;

    // Every lost race is someone else's committed seat (or this worker's own), so the attempts are bounded by the
    // rush; more than the account writer allows, since up to a whole shard's worth of seats can go first.
    private static readonly ResiliencePipeline Contended = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(e => e.Status is 409 or 412 or 404),
            MaxRetryAttempts = 120,
            Delay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.CheckIns));

    public static string SeatKey(string workerId) => SeatFrom + workerId;

    /// <summary>Creates the counter of a new activity; an existing one is left as it is.</summary>
    public async Task InitAsync(string activityId, int? capacity, CancellationToken ct)
    {
        var limits = Limits(capacity, new long[Shards]);
        try
        {
            await _table.SubmitTransactionAsync(
                Enumerable.Range(0, Shards).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(activityId, Shard(i)) { ["Count"] = 0L, ["Limit"] = limits[i] })),
                ct);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // Already there: the activity exists.
        }
    }

    /// <summary>Sets a new capacity over the shards, each keeping room for what it counted; false when fewer than have checked in.</summary>
    public Task<bool> ResizeAsync(string activityId, int? capacity, CancellationToken ct) =>
        Contended.ExecuteAsync(async token =>
        {
            var (shards, _) = await ReadAsync(activityId, null, token);
            var counts = shards.Select(Count).ToArray();
            if (capacity is { } c && c < counts.Sum())
            {
                return false;
            }

            var limits = Limits(capacity, counts);
            await _table.SubmitTransactionAsync(
                shards.Select((s, i) => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(activityId, s.RowKey) { ["Limit"] = limits[i] }, s.ETag)),
                token);
            return true;
        }, ct).AsTask();

    /// <summary>
    /// Takes a seat for a worker, once: the seat row and a shard's raised count in one transaction under the shard's
    /// ETag. The worker's hash picks the shard to start from; a full one passes to the next.
    /// </summary>
    public Task<SeatOutcome> TakeAsync(string activityId, string workerId, string unitId, DateTimeOffset now, CancellationToken ct) =>
        Contended.ExecuteAsync(async token =>
        {
            var (shards, seat) = await ReadAsync(activityId, workerId, token);
            if (seat is not null)
            {
                return SeatOutcome.AlreadyHeld;
            }

            if (shards.Count == 0)
            {
                return SeatOutcome.Gone;
            }

            var start = (int)((uint)StableHash(workerId) % (uint)shards.Count);
            var shard = Enumerable.Range(0, shards.Count).Select(i => shards[(start + i) % shards.Count]).FirstOrDefault(HasRoom);
            if (shard is null)
            {
                return SeatOutcome.Full;
            }

            await _table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(activityId, SeatKey(workerId)) { ["UnitId"] = unitId, ["At"] = now, ["Shard"] = shard.RowKey }),
                new(TableTransactionActionType.UpdateMerge, new TableEntity(activityId, shard.RowKey) { ["Count"] = Count(shard) + 1 }, shard.ETag),
            ], token);
            return SeatOutcome.Taken;
        }, ct).AsTask();

    /// <summary>Gives a seat back (its check-in was refused after all): the seat row goes and its shard's count comes down, once.</summary>
    public Task ReleaseAsync(string activityId, string workerId, CancellationToken ct) =>
        Contended.ExecuteAsync(async token =>
        {
            var (shards, seat) = await ReadAsync(activityId, workerId, token);
            if (seat is null || shards.FirstOrDefault(s => s.RowKey == seat.GetString("Shard")) is not { } shard)
            {
                return;
            }

            await _table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Delete, new TableEntity(activityId, seat.RowKey), seat.ETag),
                new(TableTransactionActionType.UpdateMerge, new TableEntity(activityId, shard.RowKey) { ["Count"] = Count(shard) - 1 }, shard.ETag),
            ], token);
        }, ct).AsTask();

    /// <summary>How many have checked in: the shards' counts added up, in one query of eight rows.</summary>
    public async Task<long> CountAsync(string activityId, CancellationToken ct) =>
        (await ReadAsync(activityId, null, ct)).Shards.Sum(Count);

    /// <summary>Every check-in of an activity, a storage page at a time.</summary>
    public async IAsyncEnumerable<Seat> SeatsAsync(string activityId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var filter = Filters.And(Filters.Partition(activityId), Filters.RowRange(SeatFrom, SeatTo));
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "UnitId", "At"], cancellationToken: ct))
        {
            yield return new Seat(row.RowKey[SeatFrom.Length..], row.GetString("UnitId") ?? "", row.GetDateTimeOffset("At") ?? default);
        }
    }

    /// <summary>Removes the counter of an activity nobody checked in to.</summary>
    public async Task DeleteAsync(string activityId, CancellationToken ct)
    {
        var (shards, _) = await ReadAsync(activityId, null, ct);
        if (shards.Count > 0)
        {
            await _table.SubmitTransactionAsync(shards.Select(s => new TableTransactionAction(TableTransactionActionType.Delete, s, ETag.All)), ct);
        }
    }

    /// <summary>The shards, and the worker's seat row when a worker is named, in one query.</summary>
    private async Task<(List<TableEntity> Shards, TableEntity? Seat)> ReadAsync(string activityId, string? workerId, CancellationToken ct)
    {
        var shards = Filters.RowRange(CountFrom, CountTo);
        var filter = Filters.And(Filters.Partition(activityId), workerId is null ? shards : Filters.Or(shards, Filters.Row(SeatKey(workerId))));
        var (found, seat) = (new List<TableEntity>(), (TableEntity?)null);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (row.RowKey.StartsWith(CountFrom, StringComparison.Ordinal))
            {
                found.Add(row);
            }
            else
            {
                seat = row;
            }
        }

        return (found, seat);
    }

    /// <summary>Each shard's limit: what it already counted plus an even part of the rest of the capacity; none without a capacity.</summary>
    private static long[] Limits(int? capacity, long[] counts)
    {
        if (capacity is not { } c)
        {
            return [.. counts.Select(_ => NoLimit)];
        }

        var rest = c - counts.Sum();
        return [.. counts.Select((n, i) => n + (rest / counts.Length) + (i < rest % counts.Length ? 1 : 0))];
    }

    private static bool HasRoom(TableEntity shard) => Limit(shard) == NoLimit || Count(shard) < Limit(shard);

    private static long Count(TableEntity shard) => shard.GetInt64("Count") ?? 0;

    private static long Limit(TableEntity shard) => shard.GetInt64("Limit") ?? NoLimit;

    private static string Shard(int index) => CountFrom + index.ToString("D2", CultureInfo.InvariantCulture);

    // string.GetHashCode is randomised per process; the shard a worker starts from should not depend on the instance.
    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s)
        {
            h = unchecked((h * 31) + c);
        }

        return h;
    }
}
