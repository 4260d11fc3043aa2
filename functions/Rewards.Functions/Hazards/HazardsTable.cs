using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain.Hazards;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Hazards;

/// <summary>Where a report lives: its reporter's partition, and the unit it was reported in.</summary>
internal sealed record HazardRef(string WorkerId, string UnitId);

/// <summary>An index row of the review list, with the reporter's name as it was when the row was written.</summary>
internal sealed record IndexedHazard(HazardReport Report, string DisplayName);

/// <summary>
/// The review index: a projection of the reports kept in the workers' partitions, for the admin. Row
/// "unit|{unitId}" / {id} per report (ids sort by time, so a unit's recent reports are one key range), and
/// "report|{id}" / "ref" to find a report's partition from its id alone. A row is replaced only by a newer
/// version of its report, under the ETag it was read with.
/// </summary>
internal sealed class HazardsTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    private const string UnitFrom = "unit|";
    private const string UnitTo = "unit}";
    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Hazards));

    public async Task<HazardRef?> FindAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(RefPartition(id), "ref", cancellationToken: ct);
        return row.HasValue ? new HazardRef(row.Value!.GetString("WorkerId") ?? "", row.Value.GetString("UnitId") ?? "") : null;
    }

    /// <summary>
    /// Brings the index up to the report's version: the ref row first (so an id found in the list can always be
    /// resolved), then the index row. A null <paramref name="displayName"/> keeps the one the row has.
    /// </summary>
    public Task SyncAsync(HazardReport report, string? displayName, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(
            async token =>
            {
                var read = await _table.GetEntityIfExistsAsync<TableEntity>(UnitPartition(report.UnitId), report.Id, cancellationToken: token);
                if (!read.HasValue)
                {
                    await _table.AddIfAbsentAsync(new TableEntity(RefPartition(report.Id), "ref") { ["WorkerId"] = report.WorkerId, ["UnitId"] = report.UnitId }, token);
                    await _table.AddEntityAsync(Row(report, displayName ?? ""), token);
                }
                else if ((read.Value!.GetInt32("Version") ?? 0) < report.Version)
                {
                    await _table.UpdateEntityAsync(Row(report, displayName ?? read.Value.GetString("DisplayName") ?? ""), read.Value.ETag, TableUpdateMode.Replace, token);
                }
            },
            ct).AsTask();

    /// <summary>The unit's reports since a time, for the duplicate search: one key range of one partition.</summary>
    public async Task<IReadOnlyList<ReportFingerprint>> RecentAsync(string unitId, DateTimeOffset since, CancellationToken ct)
    {
        var filter = Filters.And(Filters.Partition(UnitPartition(unitId)), Filters.RowRange(since.UtcTicks.ToString("x15", CultureInfo.InvariantCulture), "~"));
        var found = new List<ReportFingerprint>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Place", "SubmittedAt", "Hash"], cancellationToken: ct))
        {
            found.Add(new ReportFingerprint(row.RowKey, row.GetString("Place") ?? "", row.GetDateTimeOffset("SubmittedAt") ?? default, row.GetInt64("Hash") is { } h ? unchecked((ulong)h) : null));
        }

        return found;
    }

    /// <summary>One page of the review list, oldest first within a unit, optionally of one status and one unit.</summary>
    public async Task<(IReadOnlyList<IndexedHazard> Items, string? Continuation)> ListAsync(string? status, string? unitId, int limit, string? continuation, CancellationToken ct)
    {
        var filter = unitId is null ? TableClient.CreateQueryFilter($"PartitionKey ge {UnitFrom} and PartitionKey lt {UnitTo}") : Filters.Partition(UnitPartition(unitId));
        if (status is not null)
        {
            filter = Filters.And(filter, TableClient.CreateQueryFilter($"Status eq {status}"));
        }

        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: ct).AsPages(continuation, limit))
        {
            return ([.. page.Values.Select(Read)], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>The reports submitted in [from, to), one storage page at a time (never all at once): of one unit (one partition) or of every unit.</summary>
    public async IAsyncEnumerable<IReadOnlyList<IndexedHazard>> SubmittedAsync(
        string? unitId, DateTimeOffset from, DateTimeOffset to, int pageSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var partitions = unitId is null ? TableClient.CreateQueryFilter($"PartitionKey ge {UnitFrom} and PartitionKey lt {UnitTo}") : Filters.Partition(UnitPartition(unitId));
        var filter = Filters.And(partitions, TableClient.CreateQueryFilter($"SubmittedAt ge {from.ToUniversalTime()} and SubmittedAt lt {to.ToUniversalTime()}"));
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: ct).AsPages(pageSizeHint: pageSize))
        {
            yield return [.. page.Values.Select(Read)];
        }
    }

    /// <summary>The unit's open hazards (accepted or rectified, not yet verified): its rectification backlog.</summary>
    public async Task<IReadOnlyList<IndexedHazard>> OpenAsync(string unitId, CancellationToken ct)
    {
        var filter = Filters.And(Filters.Partition(UnitPartition(unitId)), TableClient.CreateQueryFilter($"Status eq {HazardStatus.Accepted} or Status eq {HazardStatus.Rectified}"));
        var open = new List<IndexedHazard>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            open.Add(Read(row));
        }

        return open;
    }

    private static string UnitPartition(string unitId) => UnitFrom + unitId;

    private static string RefPartition(string id) => "report|" + id;

    private static TableEntity Row(HazardReport r, string displayName) => new(UnitPartition(r.UnitId), r.Id)
    {
        ["WorkerId"] = r.WorkerId,
        ["DisplayName"] = displayName,
        ["Report"] = Json.Serialize(r with { Duplicates = r.Duplicates ?? [] }),
        ["Status"] = r.Status,
        ["Place"] = r.Place,
        ["SubmittedAt"] = r.SubmittedAt,
        ["Hash"] = r.Hash is { } h ? unchecked((long)h) : null,
        ["Version"] = r.Version,
    };

    private static IndexedHazard Read(TableEntity row) =>
        new(Json.Deserialize<HazardReport>(row.GetString("Report") ?? "{}")!, row.GetString("DisplayName") ?? "");
}
