using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain.Activities;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Activities;

/// <summary>
/// The Activities table (PartitionKey "catalog", RowKey = activity id): the activities themselves, a few hundred a
/// year, read whole for lists and reports. Who checked in lives in the CheckIns table, one partition per activity.
/// </summary>
internal sealed class ActivitiesTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    private const string Catalog = "catalog";

    /// <summary>The partition of each activity's screen-link version (RowKey = activity id), apart from the catalog an admin's PUT replaces.</summary>
    private const string Screens = "screens";

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Activities));

    public async Task<IReadOnlyList<Activity>> AllAsync(CancellationToken ct)
    {
        var list = new List<Activity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.Partition(Catalog), cancellationToken: ct))
        {
            list.Add(Read(row));
        }

        return [.. list.OrderBy(a => a.Starts).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    public async Task<Activity?> FindAsync(string id, CancellationToken ct)
    {
        if (!Storage.Ids.IsValid(id))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Catalog, id, cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public Task<bool> AddAsync(Activity activity, CancellationToken ct) => _table.AddIfAbsentAsync(Row(activity), ct);

    public Task UpsertAsync(Activity activity, CancellationToken ct) => _table.UpsertEntityAsync(Row(activity), TableUpdateMode.Replace, ct);

    public Task<bool> DeleteAsync(string id, CancellationToken ct) => _table.DeleteIfExistsAsync(Catalog, id, ct);

    /// <summary>The version of the activity's current screen link: a link of another version has been replaced.</summary>
    public async Task<int> ScreenVersionAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Screens, id, cancellationToken: ct);
        return row.HasValue ? row.Value!.GetInt32("Version") ?? 0 : 0;
    }

    /// <summary>Raises the screen-link version under the ETag it read (or adds it), so each new link replaces the ones before; returns it.</summary>
    public async Task<int> RaiseScreenVersionAsync(string id, CancellationToken ct) =>
        await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var read = await _table.GetEntityIfExistsAsync<TableEntity>(Screens, id, cancellationToken: token);
            var next = (read.HasValue ? read.Value!.GetInt32("Version") ?? 0 : 0) + 1;
            var row = new TableEntity(Screens, id) { ["Version"] = next };
            await (read.HasValue ? _table.UpdateEntityAsync(row, read.Value!.ETag, TableUpdateMode.Replace, token) : _table.AddEntityAsync(row, token));
            return next;
        }, ct);

    // Times are kept as local date-time text: a DateTime of no zone must not pass through any zone conversion.
    private static TableEntity Row(Activity a) => new(Catalog, a.Id)
    {
        ["Title"] = a.Title,
        ["Kind"] = a.Kind,
        ["Place"] = a.Place,
        ["UnitIds"] = string.Join(',', a.UnitIds),
        ["Starts"] = ActivityView.Local(a.Starts),
        ["Ends"] = ActivityView.Local(a.Ends),
        ["CheckInOpens"] = ActivityView.Local(a.CheckInOpens),
        ["CheckInCloses"] = ActivityView.Local(a.CheckInCloses),
        ["Points"] = a.Points,
        ["Capacity"] = a.Capacity,
    };

    private static Activity Read(TableEntity r) => new(
        r.RowKey,
        r.GetString("Title") ?? "",
        r.GetString("Kind") ?? "other",
        r.GetString("Place") ?? "",
        (r.GetString("UnitIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        Local(r.GetString("Starts")),
        Local(r.GetString("Ends")),
        Local(r.GetString("CheckInOpens")),
        Local(r.GetString("CheckInCloses")),
        r.GetInt32("Points") ?? 0,
        r.GetInt32("Capacity"));

    private static DateTime Local(string? text) => DateTime.ParseExact(text ?? "", ActivityView.LocalFormat, System.Globalization.CultureInfo.InvariantCulture);
}
