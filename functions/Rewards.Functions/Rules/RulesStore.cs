using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain.Earning;
using Rewards.Functions.Campaigns;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Rules;

/// <summary>The program's rules with their time zone resolved.</summary>
internal sealed record RulesSnapshot(ProgramRules Rules, TimeZoneInfo Zone, IReadOnlyList<Campaign> Campaigns)
{
    public DateTime LocalNow(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, Zone).DateTime;

    /// <summary>A local date-time of the program's zone as an instant.</summary>
    public DateTimeOffset Instant(DateTime local) => new(local, Zone.GetUtcOffset(local));

    public DateOnly Today(DateTimeOffset now) => LocalDay.Of(now, Zone);

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}

/// <summary>
/// Rules live in one row of the Rules table, campaigns in the Campaigns table; both change rarely, so they are cached briefly: an award must not
/// pay a storage call to learn the caps. A change reaches every instance within <see cref="CacheFor"/>.
/// </summary>
internal sealed class RulesStore(TableServiceClient service, CampaignsTable campaigns, IOptions<StorageOptions> options, TimeProvider clock)
{
    private const string Partition = "program";
    private const string Row = "rules";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Rules));
    private (RulesSnapshot Rules, DateTimeOffset Until)? _cached;

    public async Task<RulesSnapshot> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cached is { } c && now < c.Until)
        {
            return c.Rules;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: ct);
        var rules = row.HasValue && row.Value!.GetString("Json") is { } json ? Json.Deserialize<ProgramRules>(json) ?? ProgramRules.Default : ProgramRules.Default;
        var snapshot = new RulesSnapshot(rules, TimeZoneInfo.FindSystemTimeZoneById(rules.TimeZone), await campaigns.AllAsync(ct));
        _cached = (snapshot, now + CacheFor);
        return snapshot;
    }

    public async Task SaveAsync(ProgramRules rules, CancellationToken ct)
    {
        await _table.UpsertEntityAsync(new TableEntity(Partition, Row) { ["Json"] = Json.Serialize(rules) }, TableUpdateMode.Replace, ct);
        _cached = null;
    }

    /// <summary>Writes the rules only when there are none: never replaces rules an admin has set.</summary>
    public async Task AddIfAbsentAsync(ProgramRules rules, CancellationToken ct)
    {
        await _table.AddIfAbsentAsync(new TableEntity(Partition, Row) { ["Json"] = Json.Serialize(rules) }, ct);
        _cached = null;
    }

    /// <summary>Forgets the cached rules and campaigns on this instance, after an admin changed them.</summary>
    public void Invalidate() => _cached = null;

    public async Task<bool> ExistsAsync(CancellationToken ct) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, ["RowKey"], ct)).HasValue;
}
