using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Partners;

internal sealed record Partner(string Id, string Name, string? Contact, string WebhookUrl, int AcceptanceDays);

/// <summary>
/// The Partners table. A partner's API key is "pk_{partnerId}.{secret}"; only its SHA-256 hash is stored, so
/// the key is shown once, when it is made, and a rotation makes the old one stop working at once.
/// </summary>
internal sealed class PartnersTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const string KeyPrefix = "pk_";
    private const string Partition = "partner";

    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Partners));

    public async Task<IReadOnlyList<Partner>> AllAsync(CancellationToken ct)
    {
        var list = new List<Partner>();
        await foreach (var row in _table.QueryAsync<TableEntity>(Filters.Partition(Partition), cancellationToken: ct))
        {
            list.Add(ToPartner(row));
        }

        return list;
    }

    public async Task<Partner?> FindAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct);
        return row.HasValue ? ToPartner(row.Value!) : null;
    }

    /// <summary>Adds the partner with a new key; null when the id is taken. The key returned is the only copy.</summary>
    public async Task<string?> AddAsync(Partner partner, CancellationToken ct)
    {
        var key = NewKey(partner.Id);
        var row = ToRow(partner);
        row["KeyHash"] = Hash(key);
        return await _table.AddIfAbsentAsync(row, ct) ? key : null;
    }

    public async Task<bool> UpdateAsync(Partner partner, CancellationToken ct)
    {
        try
        {
            await _table.UpdateEntityAsync(ToRow(partner), ETag.All, TableUpdateMode.Merge, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Replaces the partner's key; the old one stops working at once. Null when there is no such partner.</summary>
    public async Task<string?> RotateKeyAsync(string id, CancellationToken ct)
    {
        var key = NewKey(id);
        try
        {
            await _table.UpdateEntityAsync(new TableEntity(Partition, id) { ["KeyHash"] = Hash(key) }, ETag.All, TableUpdateMode.Merge, ct);
            return key;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The partner a key belongs to, compared in constant time over hashes; null for any key that is not current.</summary>
    public async Task<Partner?> AuthenticateAsync(string key, CancellationToken ct)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        // The id inside the key is checked against the id pattern before it goes near storage as a row key.
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || dot <= KeyPrefix.Length || !Learning.Ids.IsValid(key[KeyPrefix.Length..dot]))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, key[KeyPrefix.Length..dot], cancellationToken: ct);
        if (!row.HasValue || row.Value!.GetString("KeyHash") is not { } stored)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(Hash(key))) ? ToPartner(row.Value) : null;
    }

    private static string NewKey(string partnerId) => $"{KeyPrefix}{partnerId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static TableEntity ToRow(Partner p) => new(Partition, p.Id)
    {
        ["Name"] = p.Name,
        ["Contact"] = p.Contact,
        ["WebhookUrl"] = p.WebhookUrl,
        ["AcceptanceDays"] = p.AcceptanceDays,
    };

    private static Partner ToPartner(TableEntity r) =>
        new(r.RowKey, r.GetString("Name") ?? "", r.GetString("Contact"), r.GetString("WebhookUrl") ?? "", r.GetInt32("AcceptanceDays") ?? 3);
}
