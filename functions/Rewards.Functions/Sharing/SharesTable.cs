using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Sharing;

internal sealed record Share(string Code, string SharerId, string ContentId, DateTimeOffset CreatedAt, long Opens, long Credited, long AnonymousOpens);

/// <summary>The Shares table (PartitionKey = share code): who shared which content, and how often it was opened.</summary>
internal sealed class SharesTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    private const string Row = "share";
    private const int CodeLength = 10;
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Shares));

    public async Task<Share> CreateAsync(string sharerId, string contentId, DateTimeOffset now, CancellationToken ct)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetString(Alphabet, CodeLength);
            try
            {
                await _table.AddEntityAsync(new TableEntity(code, Row) { ["SharerId"] = sharerId, ["ContentId"] = contentId, ["CreatedAt"] = now }, ct);
                return new Share(code, sharerId, contentId, now, 0, 0, 0);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // A code already taken: draw another.
            }
        }
    }

    /// <summary>Whether a string could be a code this table issued: checked before it is used as a key.</summary>
    public static bool IsCode(string? code) => code is { Length: CodeLength } && code.All(Alphabet.Contains);

    public async Task<Share?> FindAsync(string code, CancellationToken ct)
    {
        if (!IsCode(code))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(code, Row, cancellationToken: ct);
        return row.HasValue ? ToShare(row.Value!) : null;
    }

    /// <summary>Counts an open for reports: signed in or anonymous, and whether it credited the sharer.</summary>
    public Task CountOpenAsync(string code, bool anonymous, bool credited, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var row = (await _table.GetEntityAsync<TableEntity>(code, Row, cancellationToken: token)).Value;
            var update = new TableEntity(code, Row)
            {
                ["Opens"] = (row.GetInt64("Opens") ?? 0) + (anonymous ? 0 : 1),
                ["AnonymousOpens"] = (row.GetInt64("AnonymousOpens") ?? 0) + (anonymous ? 1 : 0),
                ["Credited"] = (row.GetInt64("Credited") ?? 0) + (credited ? 1 : 0),
            };
            await _table.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, token);
        }, ct).AsTask();

    private static Share ToShare(TableEntity r) => new(
        r.PartitionKey,
        r.GetString("SharerId") ?? "",
        r.GetString("ContentId") ?? "",
        r.GetDateTimeOffset("CreatedAt") ?? default,
        r.GetInt64("Opens") ?? 0,
        r.GetInt64("Credited") ?? 0,
        r.GetInt64("AnonymousOpens") ?? 0);
}
