using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Audit;

/// <summary>One admin write: when, which key (an id derived from its hash), the action, the target, and short before and after summaries.</summary>
internal sealed record AuditRecord(string Id, DateTimeOffset At, string KeyId, string Action, string Method, string Target, string? Before, string? After, string Outcome, int? Status);

internal sealed record AuditPage(IReadOnlyList<AuditRecord> Items, string? NextCursor);

/// <summary>
/// The Audit table: PartitionKey = the UTC month (yyyy-MM), RowKey = inverted ticks and an id, so a month reads
/// newest first. A record is written before the write it describes (outcome "pending") and completed after it.
/// </summary>
internal sealed class AuditLog(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Unknown = "unknown";

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Audit));

    public async Task<AuditRecord> BeginAsync(DateTimeOffset at, string keyId, string action, string method, string target, string? after, CancellationToken ct)
    {
        var record = new AuditRecord(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), at, keyId, action, method, target, null, after, Pending, null);
        await _table.AddEntityAsync(ToEntity(record), ct);
        return record;
    }

    public Task CompleteAsync(AuditRecord record, CancellationToken ct) =>
        _table.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, ct);

    public Task DiscardAsync(AuditRecord record, CancellationToken ct) =>
        _table.DeleteEntityAsync(Month(record.At), Row(record), cancellationToken: ct);

    /// <summary>Records from <paramref name="to"/> back to <paramref name="from"/>, month by month; the cursor carries the month and its continuation.</summary>
    public async Task<AuditPage> ListAsync(DateTimeOffset from, DateTimeOffset to, string? action, int limit, string? cursor, CancellationToken ct)
    {
        var (month, continuation) = cursor is null ? (Month(to), null) : (cursor[..7], cursor.Length > 8 ? cursor[8..] : null);
        var items = new List<AuditRecord>();
        var range = Filters.RowRange(Inverted(to), Inverted(from) + "}");
        var filter = action is null ? range : Filters.And(range, TableClient.CreateQueryFilter($"Action eq {action}"));
        while (string.CompareOrdinal(month, Month(from)) >= 0)
        {
            var query = _table.QueryAsync<TableEntity>(Filters.And(Filters.Partition(month), filter), limit - items.Count, cancellationToken: ct);
            await foreach (var page in query.AsPages(continuation, limit - items.Count))
            {
                items.AddRange(page.Values.Select(FromEntity));
                continuation = page.ContinuationToken;
                break;
            }

            if (continuation is not null)
            {
                return new AuditPage(items, $"{month}|{continuation}");
            }

            month = Month(DateTimeOffset.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddMonths(-1));
            if (items.Count >= limit)
            {
                return new AuditPage(items, string.CompareOrdinal(month, Month(from)) >= 0 ? month : null);
            }
        }

        return new AuditPage(items, null);
    }

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Inverted(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static string Row(AuditRecord r) => $"{Inverted(r.At)}|{r.Id}";

    private static TableEntity ToEntity(AuditRecord r) => new(Month(r.At), Row(r))
    {
        ["At"] = r.At, ["KeyId"] = r.KeyId, ["Action"] = r.Action, ["Method"] = r.Method, ["Target"] = r.Target,
        ["Before"] = r.Before, ["After"] = r.After, ["Outcome"] = r.Outcome, ["Status"] = r.Status,
    };

    private static AuditRecord FromEntity(TableEntity e) => new(
        e.RowKey[(e.RowKey.IndexOf('|', StringComparison.Ordinal) + 1)..], e.GetDateTimeOffset("At") ?? default, e.GetString("KeyId") ?? "", e.GetString("Action") ?? "",
        e.GetString("Method") ?? "", e.GetString("Target") ?? "", e.GetString("Before"), e.GetString("After"), e.GetString("Outcome") ?? "", e.GetInt32("Status"));
}
