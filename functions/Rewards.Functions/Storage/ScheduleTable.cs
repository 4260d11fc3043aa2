using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Rewards.Functions.Storage;

/// <summary>One row of a schedule: look at this worker at (or after) this time.</summary>
internal sealed record ScheduleEntry(string RowKey, string WorkerId, DateTimeOffset At);

/// <summary>
/// The Schedule table: one partition per timer (<c>outbox</c>, <c>expiry</c>), RowKey
/// <c>{UTC ticks:D19}|{workerId}</c>, so a timer reads only the rows that are due with one range query,
/// and its cost follows what is due, never the size of the Accounts table. A processed row is deleted.
/// </summary>
internal sealed class ScheduleTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Schedule));

    public static string Key(DateTimeOffset at, string workerId) =>
        at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + workerId;

    /// <summary>Writes (or rewrites) the row; idempotent, so a retry or a second writer changes nothing.</summary>
    public Task UpsertAsync(string partition, DateTimeOffset at, string workerId, CancellationToken ct) =>
        _table.UpsertEntityAsync(Row(partition, at, workerId), TableUpdateMode.Replace, ct);

    /// <summary>Rows due at or before <paramref name="upTo"/>, oldest first: one query per 1,000 due rows, whatever else the table holds.</summary>
    public async IAsyncEnumerable<ScheduleEntry> DueAsync(string partition, DateTimeOffset upTo, [EnumeratorCancellation] CancellationToken ct)
    {
        var bound = (upTo.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var filter = Filters.And(Filters.Partition(partition), TableClient.CreateQueryFilter(FormattableStringFactory.Create("RowKey lt {0}", bound)));
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            yield return new ScheduleEntry(row.RowKey, row.GetString("WorkerId") ?? row.RowKey[(row.RowKey.IndexOf('|', StringComparison.Ordinal) + 1)..], row.GetDateTimeOffset("At") ?? default);
        }
    }

    /// <summary>Replaces a processed row by the worker's next one (if any), in one transaction of the partition.</summary>
    public async Task MoveAsync(string partition, ScheduleEntry done, DateTimeOffset? next, CancellationToken ct)
    {
        var delete = new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, done.RowKey), ETag.All);
        if (next is not { } at || Key(at, done.WorkerId) == done.RowKey)
        {
            await _table.DeleteIfExistsAsync(partition, done.RowKey, ct);
            return;
        }

        try
        {
            await _table.SubmitTransactionAsync([delete, new(TableTransactionActionType.UpsertReplace, Row(partition, at, done.WorkerId))], ct);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // Another run removed it first: the next row is still needed.
            await UpsertAsync(partition, at, done.WorkerId, ct);
        }
    }

    /// <summary>Deletes processed rows, up to 100 to a transaction; rows another run already removed are skipped.</summary>
    public async Task RemoveAsync(string partition, IEnumerable<ScheduleEntry> done, CancellationToken ct)
    {
        foreach (var chunk in done.Select(d => d.RowKey).Distinct().Chunk(100))
        {
            try
            {
                await _table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)), ct);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (var key in chunk)
                {
                    await _table.DeleteIfExistsAsync(partition, key, ct);
                }
            }
        }
    }

    private static TableEntity Row(string partition, DateTimeOffset at, string workerId) =>
        new(partition, Key(at, workerId)) { ["WorkerId"] = workerId, ["At"] = at };
}
