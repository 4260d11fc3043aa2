using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain;
using Rewards.Domain.Ledger;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Accounts;

/// <summary>The rows of one worker's partition that a decision needs, read in a single query.</summary>
internal sealed record PartitionRead(string WorkerId, IReadOnlyDictionary<string, TableEntity> Rows)
{
    public TableEntity? Row(string rowKey) => Rows.GetValueOrDefault(rowKey);

    public TableEntity? Account => Row(RowKeys.Account);

    public bool Has(string rowKey) => Rows.ContainsKey(rowKey);

    /// <summary>Refuses a token whose worker is gone or whose version was raised (revoked); null when the token still speaks for the account.</summary>
    public Refusal? Refusal(WorkerPrincipal worker) =>
        Account is not { } account ? new Refusal(RefusalCodes.InvalidToken, "This link's worker no longer exists.")
        : AccountRow.TokenVersion(account) != worker.TokenVersion ? new Refusal(RefusalCodes.InvalidToken, "This link has been revoked; ask for a new one.")
        : null;
}

internal static class SnapshotChecks
{
    /// <summary>Refuses a token whose worker is gone or whose version was raised (revoked); null when the token still speaks for the account.</summary>
    public static Refusal? Refusal(this WorkerSnapshot snapshot, WorkerPrincipal worker) =>
        snapshot.Account is not { } account ? new Refusal(RefusalCodes.InvalidToken, "This link's worker no longer exists.")
        : account.TokenVersion != worker.TokenVersion ? new Refusal(RefusalCodes.InvalidToken, "This link has been revoked; ask for a new one.")
        : null;
}

/// <summary>One page of a worker's ledger, newest first.</summary>
internal sealed record LedgerPage(IReadOnlyList<LedgerLine> Lines, string? Continuation);

/// <summary>The Accounts table: each worker's partition holds the account, its ledger and its markers (DESIGN.md section 4).</summary>
internal sealed class AccountsTable(TableServiceClient service, IOptions<StorageOptions> options, OutboxIndex outboxIndex)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Accounts));

    /// <summary>
    /// The rows a command needs, typed, in one query: one storage call whatever the ledger's length. The account
    /// is always read (its ETag guards every change of the points; its token version every worker's call).
    /// </summary>
    public async Task<WorkerSnapshot> ReadAsync(string workerId, SnapshotQuery query, CancellationToken ct)
    {
        var (keys, ranges) = AccountRow.Keys(query);
        var filter = ranges.Aggregate(Filters.AnyRow(keys), (f, r) => Filters.Or(f, Filters.RowRange(r.From, r.To)));
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.And(Filters.Partition(workerId), filter), cancellationToken: ct))
        {
            rows.Add(row);
        }

        return AccountRow.Snapshot(workerId, rows, query.Day);
    }

    /// <summary>Whether any of these rows was written by transaction <paramref name="txId"/> (its key or its TxId column says so): for a commit whose answer was lost.</summary>
    public async Task<bool> WroteAsync(string workerId, IEnumerable<string> rowKeys, string txId, CancellationToken ct)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.And(Filters.Partition(workerId), Filters.AnyRow(rowKeys.Distinct())), select: ["RowKey", "TxId"], cancellationToken: ct))
        {
            if (row.RowKey.EndsWith(txId, StringComparison.Ordinal) || row.GetString("TxId") == txId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The account row plus a range of the partition (such as all completion markers), in one query.</summary>
    public async Task<PartitionRead> ReadWithRangeAsync(string workerId, string from, string toExclusive, CancellationToken ct, params string[] alsoRows)
    {
        var filter = Filters.And(Filters.Partition(workerId), Filters.Or(Filters.AnyRow([RowKeys.Account, .. alsoRows]), Filters.RowRange(from, toExclusive)));
        var rows = new Dictionary<string, TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            rows[row.RowKey] = row;
        }

        return new PartitionRead(workerId, rows);
    }

    /// <summary>
    /// All or nothing, in the worker's partition. A stale ETag fails with 412 and an existing marker with 409.
    /// A batch that adds an outbox row is indexed first, so the sweep finds the row if its publish never happens
    /// (one that deletes a row, as a reservation settling its redemption does, needs no index).
    /// </summary>
    public async Task CommitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken ct)
    {
        var batch = actions.ToList();
        if (batch.FirstOrDefault(a => a.ActionType == TableTransactionActionType.Add && a.Entity.RowKey.StartsWith(RowKeys.OutboxFrom, StringComparison.Ordinal)) is { } outbox)
        {
            await outboxIndex.EnsureAsync(outbox.Entity.PartitionKey, ct);
        }

        await _table.SubmitTransactionAsync(batch, ct);
    }

    public async Task<LedgerPage> LedgerAsync(string workerId, int limit, string? continuation, CancellationToken ct)
    {
        var filter = Filters.And(Filters.Partition(workerId), Filters.RowRange(RowKeys.TxFrom, RowKeys.TxTo));
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: ct).AsPages(continuation, limit))
        {
            return new LedgerPage([.. page.Values.Select(AccountRow.Line)], page.ContinuationToken);
        }

        return new LedgerPage([], null);
    }

    /// <summary>Every ledger line of a worker, oldest first: for the nightly expiry, never for a request.</summary>
    public async Task<IReadOnlyList<LedgerLine>> AllLinesAsync(string workerId, CancellationToken ct)
    {
        var lines = new List<LedgerLine>();
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.And(Filters.Partition(workerId), Filters.RowRange(RowKeys.TxFrom, RowKeys.TxTo)), cancellationToken: ct))
        {
            lines.Add(AccountRow.Line(row));
        }

        lines.Reverse();
        return lines;
    }

    /// <summary>Writes the projector's progress row under the ETag it read (or adds it): one projector wins, the other re-reads.</summary>
    public Task SaveProgressAsync(string workerId, TableEntity? read, string json, CancellationToken ct)
    {
        var row = new TableEntity(workerId, RowKeys.Progress) { ["Json"] = json };
        return read is null ? _table.AddEntityAsync(row, ct) : _table.UpdateEntityAsync(row, read.ETag, TableUpdateMode.Replace, ct);
    }

    /// <summary>Writes the expiry outlook, which belongs to no transaction: the timer's latest word replaces the last.</summary>
    public Task SaveOutlookAsync(string workerId, OutlookRow outlook, CancellationToken ct) =>
        _table.UpsertEntityAsync(AccountRow.Entity(outlook, workerId), TableUpdateMode.Replace, ct);

    /// <summary>Deletes an outbox row its consumer or the sweep is done with; one already gone is fine.</summary>
    public Task DeleteOutboxRowAsync(string workerId, string key, CancellationToken ct) => _table.DeleteIfExistsAsync(workerId, RowKeys.Outbox(key), ct);

    /// <summary>Every row of a kind across all partitions (a scan): for sweeps and reconciliation, never for a request.</summary>
    public AsyncPageable<TableEntity> ScanAsync(string filter, IEnumerable<string>? select, CancellationToken ct) =>
        _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: select, cancellationToken: ct);
}
