using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain.Earning;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Campaigns;

/// <summary>The Campaigns table: one row per campaign, windows kept as local date-times in the program's zone.</summary>
internal sealed class CampaignsTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    private const string Program = "program";
    private const string LocalFormat = "yyyy-MM-ddTHH:mm:ss";

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Campaigns));

    public async Task<IReadOnlyList<Campaign>> AllAsync(CancellationToken ct)
    {
        var list = new List<Campaign>();
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.Partition(Program), cancellationToken: ct))
        {
            list.Add(ToCampaign(row));
        }

        return list;
    }

    public Task<bool> AddAsync(Campaign campaign, CancellationToken ct) => _table.AddIfAbsentAsync(ToRow(campaign), ct);

    public Task UpsertAsync(Campaign campaign, CancellationToken ct) => _table.UpsertEntityAsync(ToRow(campaign), TableUpdateMode.Replace, ct);

    public Task<bool> DeleteAsync(string id, CancellationToken ct) => _table.DeleteIfExistsAsync(Program, id, ct);

    public static string Local(DateTime local) => local.ToString(LocalFormat, CultureInfo.InvariantCulture);

    private static TableEntity ToRow(Campaign c) => new(Program, c.Id)
    {
        ["Name"] = c.Name,
        ["Starts"] = Local(c.Starts),
        ["Ends"] = Local(c.Ends),
        ["Actions"] = string.Join(',', c.Actions),
        ["Multiplier"] = c.Multiplier.ToString(CultureInfo.InvariantCulture),
    };

    private static Campaign ToCampaign(TableEntity r) => new(
        r.RowKey,
        r.GetString("Name") ?? "",
        DateTime.ParseExact(r.GetString("Starts") ?? "", LocalFormat, CultureInfo.InvariantCulture),
        DateTime.ParseExact(r.GetString("Ends") ?? "", LocalFormat, CultureInfo.InvariantCulture),
        (r.GetString("Actions") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        decimal.Parse(r.GetString("Multiplier") ?? "1", CultureInfo.InvariantCulture));
}
