using Rewards.Functions.Storage;

namespace Rewards.Functions.Accounts;

/// <summary>
/// Tells the outbox sweep where to look, without scanning Accounts. Before a transaction with an outbox row
/// commits, the worker gets a row in the <c>outbox</c> partition of Schedule for the current five-minute
/// bucket. The index row cannot join the worker's transaction (another partition), so it is written first:
/// a crash in between leaves an index row with nothing behind it (the sweep checks and deletes it), never an
/// outbox row nobody will find. Each instance remembers which workers it has indexed in the current bucket,
/// so the added cost is one upsert per worker per bucket per instance, not one per award.
/// </summary>
internal sealed class OutboxIndex(ScheduleTable schedule, TimeProvider clock)
{
    public const string Partition = "outbox";

    /// <summary>The width of a bucket: every award of a worker within it shares one index row.</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after its bucket ends an index row is left alone: longer than a transaction can take from the
    /// moment its writer picked the bucket to its commit (the SDK's retries and timeouts end well within it).
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private long _bucket;
    private HashSet<string> _indexed = [];

    /// <summary>Makes sure the worker has an index row in the current bucket; called right before the commit.</summary>
    public async Task EnsureAsync(string workerId, CancellationToken ct)
    {
        var bucket = Start(clock.GetUtcNow());
        lock (_gate)
        {
            if (_bucket != bucket.UtcTicks)
            {
                (_bucket, _indexed) = (bucket.UtcTicks, []);
            }

            if (_indexed.Contains(workerId))
            {
                return;
            }
        }

        await schedule.UpsertAsync(Partition, bucket, workerId, ct);
        lock (_gate)
        {
            if (_bucket == bucket.UtcTicks)
            {
                _indexed.Add(workerId);
            }
        }
    }

    /// <summary>Index rows of buckets that ended by <paramref name="before"/>: their writers have committed or failed.</summary>
    public IAsyncEnumerable<ScheduleEntry> DueAsync(DateTimeOffset before, CancellationToken ct) =>
        schedule.DueAsync(Partition, before - Bucket, ct);

    public Task DoneAsync(IEnumerable<ScheduleEntry> entries, CancellationToken ct) => schedule.RemoveAsync(Partition, entries, ct);

    private static DateTimeOffset Start(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % Bucket.Ticks), TimeSpan.Zero);
}
