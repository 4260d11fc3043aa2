using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Accounts;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Workers;

/// <summary>A row of the worker directory: who is in which unit, with points as last projected from the ledger.</summary>
internal sealed record WorkerSummary(string Id, string DisplayName, string UnitId, long Balance, long LifetimeEarned, DateTimeOffset? LinkIssuedAt = null, DateTimeOffset? LastActiveAt = null);

internal sealed record WorkerPage(IReadOnlyList<WorkerSummary> Items, string? NextCursor);

/// <summary>
/// The Workers table (PartitionKey = unitId): the admin's directory and unit roll-ups. Its points are a
/// projection of ledger-events, applied only when newer than what the row holds, so replays change nothing.
/// </summary>
internal sealed class WorkersTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Workers));

    public Task UpsertAsync(string unitId, string workerId, string displayName, CancellationToken ct) =>
        _table.UpsertEntityAsync(new TableEntity(unitId, workerId) { ["DisplayName"] = displayName }, TableUpdateMode.Merge, ct);

    public Task DeleteAsync(string unitId, string workerId, CancellationToken ct) => _table.DeleteIfExistsAsync(unitId, workerId, ct);

    /// <summary>Records that the worker has a link (printing posters issues links only to those without one).</summary>
    public Task MarkLinkedAsync(string unitId, string workerId, DateTimeOffset at, CancellationToken ct) =>
        _table.UpsertEntityAsync(new TableEntity(unitId, workerId) { ["LinkIssuedAt"] = at }, TableUpdateMode.Merge, ct);

    /// <summary>A page of the directory, of one unit or all, optionally only names starting with <paramref name="namePrefix"/>.</summary>
    public async Task<(IReadOnlyList<WorkerSummary> Items, string? Continuation)> ListAsync(string? unitId, int limit, string? continuation, CancellationToken ct, string? namePrefix = null)
    {
        var filter = unitId is null ? null : Filters.Partition(unitId);
        if (!string.IsNullOrEmpty(namePrefix))
        {
            var name = TableClient.CreateQueryFilter($"DisplayName ge {namePrefix} and DisplayName lt {namePrefix + char.MaxValue}");
            filter = filter is null ? name : Filters.And(filter, name);
        }

        var query = _table.QueryAsync<TableEntity>(filter, limit, cancellationToken: ct);
        await foreach (var page in query.AsPages(continuation, limit))
        {
            return ([.. page.Values.Select(ToSummary)], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Applies a ledger event if it is newer than the row's last; a duplicate or late delivery is a no-op.</summary>
    public async Task<bool> ApplyAsync(LedgerEvent e, CancellationToken ct) =>
        await ConcurrencyRetry.Pipeline.ExecuteAsync(async token => await ApplyOnceAsync(e, token), ct);

    private async Task<bool> ApplyOnceAsync(LedgerEvent e, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(e.UnitId, e.WorkerId, cancellationToken: ct);
        if (!row.HasValue || (row.Value!.GetInt64("Sequence") ?? 0) >= e.Sequence)
        {
            return false;
        }

        var update = new TableEntity(e.UnitId, e.WorkerId) { ["Balance"] = e.BalanceAfter, ["LifetimeEarned"] = e.LifetimeEarned, ["Sequence"] = e.Sequence, ["LastActiveAt"] = e.At };
        await _table.UpdateEntityAsync(update, row.Value.ETag, TableUpdateMode.Merge, ct);
        return true;
    }

    private static WorkerSummary ToSummary(TableEntity r) =>
        new(r.RowKey, r.GetString("DisplayName") ?? "", r.PartitionKey, r.GetInt64("Balance") ?? 0, r.GetInt64("LifetimeEarned") ?? 0, r.GetDateTimeOffset("LinkIssuedAt"), r.GetDateTimeOffset("LastActiveAt"));
}
