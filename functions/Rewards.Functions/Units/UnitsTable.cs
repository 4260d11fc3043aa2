using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Units;

internal sealed record Unit(string Id, string Name);

/// <summary>
/// The Units table (PartitionKey "unit", RowKey unitId): the display names every page shows instead of ids.
/// A program has tens or hundreds of units, so the whole set is one partition read, cached briefly like the
/// rules: a board or /api/me pays no storage call to name a unit. A rename reaches every instance within
/// <see cref="CacheFor"/>.
/// </summary>
internal sealed class UnitsTable(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider clock)
{
    private const string Partition = "unit";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Units));
    private (IReadOnlyDictionary<string, string> Names, DateTimeOffset Until)? _cached;

    public async Task<IReadOnlyList<Unit>> AllAsync(CancellationToken ct)
    {
        var units = new List<Unit>();
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.Partition(Partition), cancellationToken: ct))
        {
            units.Add(new Unit(row.RowKey, row.GetString("Name") ?? row.RowKey));
        }

        return units;
    }

    public async Task<Unit?> GetAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct);
        return row.HasValue ? new Unit(id, row.Value!.GetString("Name") ?? id) : null;
    }

    /// <summary>False when a unit with this id exists already.</summary>
    public async Task<bool> AddAsync(Unit unit, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(Partition, unit.Id) { ["Name"] = unit.Name }, ct);
            _cached = null;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The unit as it was before the rename, or null when there is none.</summary>
    public async Task<Unit?> RenameAsync(string id, string name, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is not { } before)
        {
            return null;
        }

        await _table.UpdateEntityAsync(new TableEntity(Partition, id) { ["Name"] = name }, ETag.All, TableUpdateMode.Merge, ct);
        _cached = null;
        return before;
    }

    /// <summary>The display name of a unit; its id when it has none (a unit only named by workers' rows).</summary>
    public async Task<string> NameAsync(string id, CancellationToken ct) =>
        (await NamesAsync(ct)).GetValueOrDefault(id, id);

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cached is { } c && now < c.Until)
        {
            return c.Names;
        }

        var names = (await AllAsync(ct)).ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        _cached = (names, now + CacheFor);
        return names;
    }
}
