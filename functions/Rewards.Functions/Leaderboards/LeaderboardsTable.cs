using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain.Progress;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Leaderboards;

/// <summary>One row of a board as read: its place in RowKey order is its rank.</summary>
internal sealed record BoardRow(string Id, string DisplayName, string? UnitId, long Points, bool Anonymous, int? Active, int? Members);

/// <summary>
/// The Leaderboards table. Every board lives in one partition ("board"), ordered by RowKey so a top-N read is a
/// single query:
/// <list type="bullet">
/// <item><c>i|{period}|{invertedScore}|{workerId}</c>: individuals by points;</item>
/// <item><c>u|{period}|{invertedScore}|{unitId}</c>: units by points; <c>r|{period}|{invertedRate}|{unitId}</c>: units by participation;</item>
/// <item><c>t|{period}|{unitId}</c>: a unit's totals (points, active members, its current rank keys);</item>
/// <item><c>w|{workerId}</c>: a worker's scores per period, the last ledger sequence applied (the projector's watermark) and
/// whether the worker's rows are anonymous: every change to the worker's rows is made under this row's ETag;</item>
/// <item><c>n|{unitId}</c>: a unit's member count, kept by the worker directory.</item>
/// </list>
/// One partition keeps every change of one ledger line to all boards in one transaction. It holds about
/// 2,000 writes a second in Azure, enough for a district; a city-wide program shards it (see docs/DECISIONS.md).
/// </summary>
internal sealed class LeaderboardsTable(TableServiceClient service, IOptions<StorageOptions> options, BoardInterleavings interleavings)
{
    public const string Partition = "board";

    /// <summary>Board rows changed with the watermark in one transaction (an EGT holds 100 entities).</summary>
    private const int RowsPerChange = 99;

    /// <summary>Row keys per query: with the partition's, 15 comparisons, the most a filter may hold.</summary>
    private const int KeysPerQuery = 14;

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Leaderboards));

    public static string Individual(string period, long points, string workerId) => $"i|{period}|{Periods.Inverted(points)}|{workerId}";

    public static string UnitByPoints(string period, long points, string unitId) => $"u|{period}|{Periods.Inverted(points)}|{unitId}";

    public static string UnitByRate(string period, long basisPoints, string unitId) => $"r|{period}|{Periods.Inverted(basisPoints)}|{unitId}";

    public static string Totals(string period, string unitId) => $"t|{period}|{unitId}";

    public static string Watermark(string workerId) => $"w|{workerId}";

    public static string Members(string unitId) => $"n|{unitId}";

    /// <summary>
    /// The rows of these keys that exist. A filter may hold 15 comparisons in Azure (Azurite does not check), so the keys
    /// go 14 to a query beside the partition's, the queries in parallel.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, TableEntity>> ReadAsync(IEnumerable<string> rowKeys, CancellationToken ct)
    {
        var reads = await Task.WhenAll(rowKeys.Distinct().Chunk(KeysPerQuery).Select(async keys =>
        {
            var found = new List<TableEntity>();
            await foreach (var row in _table.QueryAsync<TableEntity>(Filters.And(Filters.Partition(Partition), Filters.AnyRow(keys)), cancellationToken: ct))
            {
                found.Add(row);
            }

            return found;
        }));
        return reads.SelectMany(r => r).ToDictionary(r => r.RowKey);
    }

    public Task CommitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken ct) => _table.SubmitTransactionAsync(actions, ct);

    /// <summary>The first <paramref name="limit"/> rows of a board: one query, whatever the number of workers.</summary>
    public async Task<IReadOnlyList<BoardRow>> TopAsync(string prefix, int limit, CancellationToken ct)
    {
        var filter = Filters.And(Filters.Partition(Partition), Filters.RowRange(prefix, prefix + "~"));
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: ct).AsPages(pageSizeHint: limit))
        {
            return [.. page.Values.Take(limit).Select(r => new BoardRow(
                r.RowKey[(r.RowKey.LastIndexOf('|') + 1)..],
                r.GetString("DisplayName") ?? "",
                r.GetString("UnitId"),
                r.GetInt64("Points") ?? 0,
                r.GetBoolean("Anonymous") ?? false,
                r.GetInt32("Active"),
                r.GetInt32("Members")))];
        }

        return [];
    }

    /// <summary>Adds to a unit's member count (new worker, or a move between units).</summary>
    public Task AddMembersAsync(string unitId, int delta, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Members(unitId), cancellationToken: token);
            if (!row.HasValue)
            {
                await _table.AddEntityAsync(new TableEntity(Partition, Members(unitId)) { ["Members"] = Math.Max(0, delta) }, token);
                return;
            }

            var next = Math.Max(0, (row.Value!.GetInt32("Members") ?? 0) + delta);
            await _table.UpdateEntityAsync(new TableEntity(Partition, Members(unitId)) { ["Members"] = next }, row.Value.ETag, TableUpdateMode.Merge, token);
        }, ct).AsTask();

    /// <summary>Every unit's member count, in one query.</summary>
    public async Task<IReadOnlyDictionary<string, int>> UnitSizesAsync(CancellationToken ct)
    {
        var sizes = new Dictionary<string, int>();
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.And(Filters.Partition(Partition), Filters.RowRange("n|", "n}")), cancellationToken: ct))
        {
            sizes[row.RowKey[2..]] = row.GetInt32("Members") ?? 0;
        }

        return sizes;
    }

    /// <summary>A worker's scores per period and watermark, as the projector last wrote them.</summary>
    public static (long Sequence, Dictionary<string, long> Scores) Scores(TableEntity? watermark) =>
        watermark is null ? (0, []) : (watermark.GetInt64("Sequence") ?? 0, Json.Deserialize<Dictionary<string, long>>(watermark.GetString("Scores") ?? "{}") ?? []);

    /// <summary>Whether the worker's rows are anonymous as the watermark says; null when it does not say (older rows).</summary>
    public static bool? Anonymous(TableEntity? watermark) => watermark?.GetBoolean("Anonymous");

    /// <summary>
    /// Marks a worker's rows (not) anonymous, for the opt-out to show at once. The flag goes into the watermark in
    /// the same transaction, under the ETag it was read with: a projector that read the watermark earlier fails
    /// its commit and decides again with the new flag, and rows the projector moved meanwhile make this
    /// transaction fail (412) and be decided again, never a 404 on a row that is gone. More than 99 rows go
    /// in several transactions, each re-reading the watermark.
    /// </summary>
    public async Task SetAnonymousAsync(string workerId, bool anonymous, CancellationToken ct)
    {
        for (var skip = 0; ; skip += RowsPerChange)
        {
            var from = skip;
            if (!await ConcurrencyRetry.Pipeline.ExecuteAsync(async token => await SetAnonymousOnceAsync(workerId, anonymous, from, token), ct))
            {
                return;
            }
        }
    }


    /// <summary>One transaction: the watermark's flag and up to 99 rows from <paramref name="skip"/>; true when rows remain.</summary>
    private async Task<bool> SetAnonymousOnceAsync(string workerId, bool anonymous, int skip, CancellationToken ct)
    {
        var read = (await ReadAsync([Watermark(workerId)], ct)).GetValueOrDefault(Watermark(workerId));
        var (_, scores) = Scores(read);
        var rows = scores.Where(s => s.Value > 0).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var mark = new TableEntity(Partition, Watermark(workerId)) { ["Anonymous"] = anonymous };
        List<TableTransactionAction> actions =
        [
            read is null
                ? new(TableTransactionActionType.Add, new TableEntity(Partition, Watermark(workerId)) { ["Sequence"] = 0L, ["Scores"] = "{}", ["Anonymous"] = anonymous })
                : new(TableTransactionActionType.UpdateMerge, mark, read.ETag),
            .. rows.Skip(skip).Take(RowsPerChange).Select(s =>
                new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(Partition, Individual(s.Key, s.Value, workerId)) { ["Anonymous"] = anonymous }, ETag.All)),
        ];
        await interleavings.BeforeAnonymityCommit(workerId);
        await _table.SubmitTransactionAsync(actions, ct);
        return rows.Count > skip + RowsPerChange;
    }
}
