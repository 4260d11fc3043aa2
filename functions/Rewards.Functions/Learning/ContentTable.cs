using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Learning;

/// <summary>
/// The Content table. The catalog is small and read on every view start, so it is cached for a few seconds;
/// an admin's change is seen at once on this instance and within <see cref="CacheFor"/> on the others.
/// </summary>
internal sealed class ContentTable(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider clock)
{
    private const string Program = "program";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Content));
    private (IReadOnlyList<ContentItem> Items, DateTimeOffset Until)? _cached;

    public async Task<IReadOnlyList<ContentItem>> AllAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cached is { } c && now < c.Until)
        {
            return c.Items;
        }

        var items = new List<ContentItem>();
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.Partition(Program), cancellationToken: ct))
        {
            items.Add(ToItem(row));
        }

        _cached = (items, now + CacheFor);
        return items;
    }

    public async Task<ContentItem?> FindAsync(string id, CancellationToken ct) =>
        (await AllAsync(ct)).FirstOrDefault(i => i.Id == id);

    /// <summary>Adds new content; false when the id is taken.</summary>
    public async Task<bool> AddAsync(ContentItem item, CancellationToken ct)
    {
        var added = await _table.AddIfAbsentAsync(ToRow(item), ct);
        _cached = null;
        return added;
    }

    public async Task UpsertAsync(ContentItem item, CancellationToken ct)
    {
        await _table.UpsertEntityAsync(ToRow(item), TableUpdateMode.Replace, ct);
        _cached = null;
    }

    /// <summary>Removes content from the catalog; false when there was none. Views already started keep their terms.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var deleted = await _table.DeleteIfExistsAsync(Program, id, ct);
        _cached = null;
        return deleted;
    }

    private static TableEntity ToRow(ContentItem i) => new(Program, i.Id)
    {
        ["Title"] = i.Title,
        ["Kind"] = i.Kind,
        ["Url"] = i.Url,
        ["Summary"] = i.Summary,
        ["Body"] = i.Body,
        ["Points"] = i.Points,
        ["MinSeconds"] = i.MinSeconds,
        ["Active"] = i.Active,
    };

    private static ContentItem ToItem(TableEntity r) => new(
        r.RowKey,
        r.GetString("Title") ?? "",
        r.GetString("Kind") ?? "article",
        r.GetString("Url"),
        r.GetString("Summary"),
        r.GetInt32("Points") ?? 0,
        r.GetInt32("MinSeconds") ?? 0,
        r.GetBoolean("Active") ?? true,
        r.GetString("Body"));
}
