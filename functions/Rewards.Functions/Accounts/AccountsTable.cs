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

/// <summary>One page of a worker's ledger, newest first.</summary>
internal sealed record LedgerPage(IReadOnlyList<LedgerLine> Lines, string? Continuation);

/// <summary>The Accounts table: each worker's partition holds the account, its ledger and its markers (DESIGN.md section 4).</summary>
internal sealed class AccountsTable(TableServiceClient service, IOptions<StorageOptions> options, OutboxIndex outboxIndex)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Accounts));

    /// <summary>Point reads of several rows of one partition as one query: one storage call whatever the ledger's length.</summary>
    public async Task<PartitionRead> ReadAsync(string workerId, IEnumerable<string> rowKeys, CancellationToken ct)
    {
        var filter = Filters.And(Filters.Partition(workerId), Filters.AnyRow(rowKeys.Distinct()));
        var rows = new Dictionary<string, TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            rows[row.RowKey] = row;
        }

        return new PartitionRead(workerId, rows);
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

    /// <summary>Creates the account, or renames or moves it; returns whether it was created and the unit it was in.</summary>
    /// <summary>Creates the account or sets its name and unit; <paramref name="read"/> is the account as the caller just read it (null: none).</summary>
    public async Task<(bool Created, string? PreviousUnit, TableEntity Account)> UpsertAccountAsync(string workerId, string displayName, string unitId, TableEntity? read, CancellationToken ct)
    {
        if (read is null)
        {
            var fresh = AccountRow.New(workerId, displayName, unitId);
            try
            {
                await _table.AddEntityAsync(fresh, ct);
                return (true, null, fresh);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                read = (await _table.GetEntityAsync<TableEntity>(workerId, RowKeys.Account, cancellationToken: ct)).Value;
            }
        }

        var account = read;
        var previousUnit = AccountRow.UnitId(account);
        var update = new TableEntity(workerId, RowKeys.Account) { ["DisplayName"] = displayName, ["UnitId"] = unitId };
        await _table.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, ct);
        account["DisplayName"] = displayName;
        account["UnitId"] = unitId;
        return (false, previousUnit, account);
    }

    /// <summary>Writes the projector's progress row under the ETag it read (or adds it): one projector wins, the other re-reads.</summary>
    public Task SaveProgressAsync(string workerId, TableEntity? read, string json, CancellationToken ct)
    {
        var row = new TableEntity(workerId, RowKeys.Progress) { ["Json"] = json };
        return read is null ? _table.AddEntityAsync(row, ct) : _table.UpdateEntityAsync(row, read.ETag, TableUpdateMode.Replace, ct);
    }

    /// <summary>Whether the worker appears by name on leaderboards. Not a money field, so no ETag is needed.</summary>
    public Task SetAnonymousAsync(string workerId, bool anonymous, CancellationToken ct) =>
        _table.UpdateEntityAsync(new TableEntity(workerId, RowKeys.Account) { ["Anonymous"] = anonymous }, ETag.All, TableUpdateMode.Merge, ct);

    /// <summary>Writes a row that belongs to no transaction, such as the expiry outlook.</summary>
    public Task UpsertAsync(TableEntity row, CancellationToken ct) => _table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);

    /// <summary>Adds a row that must not exist yet, such as a new view.</summary>
    public Task AddAsync(TableEntity row, CancellationToken ct) => _table.AddEntityAsync(row, ct);

    public async Task<TableEntity?> AccountAsync(string workerId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(workerId, RowKeys.Account, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// Raises the token version, which revokes every link issued before; returns the new version, or null when the
    /// worker is gone. Written under the ETag it read, and every award writes the account too: a stale ETag means
    /// read again and raise again, so a concurrent award delays a revocation but never fails it.
    /// </summary>
    public async Task<int?> RevokeLinksAsync(string workerId, CancellationToken ct) =>
        await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            if (await AccountAsync(workerId, token) is not { } account)
            {
                return (int?)null;
            }

            var next = AccountRow.TokenVersion(account) + 1;
            await _table.UpdateEntityAsync(new TableEntity(workerId, RowKeys.Account) { ["TokenVersion"] = next }, account.ETag, TableUpdateMode.Merge, token);
            return next;
        }, ct);

    public Task DeleteIfExistsAsync(string workerId, string rowKey, CancellationToken ct) => _table.DeleteIfExistsAsync(workerId, rowKey, ct);

    /// <summary>Every row of a kind across all partitions (a scan): for sweeps and reconciliation, never for a request.</summary>
    public AsyncPageable<TableEntity> ScanAsync(string filter, IEnumerable<string>? select, CancellationToken ct) =>
        _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: select, cancellationToken: ct);
}
