using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;
using Rewards.Functions.Webhooks;

namespace Rewards.Functions.Partners;

internal sealed record Partner(string Id, string Name, string? Contact, string? WebhookUrl, int AcceptanceDays);

/// <summary>What a new partner is shown once: its API key and its webhook signing secret.</summary>
internal sealed record PartnerCredentials(string ApiKey, string WebhookSecret);

/// <summary>
/// The Partners table. A partner's API key is "pk_{partnerId}.{secret}"; only its SHA-256 hash is stored, so
/// the key is shown once, when it is made, and a rotation makes the old one stop working at once. The webhook
/// signing secret is kept encrypted (<see cref="SecretBox"/>), with the previous one for 24 hours after a rotation.
/// </summary>
internal sealed class PartnersTable(TableServiceClient service, IOptions<StorageOptions> options, SecretBox box, TimeProvider clock)
{
    /// <summary>How long the previous webhook secret still signs after a rotation.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

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

    /// <summary>Adds the partner with a new key and webhook secret; null when the id is taken. What it returns is the only copy.</summary>
    public async Task<PartnerCredentials?> AddAsync(Partner partner, CancellationToken ct, string? apiKey = null)
    {
        var key = apiKey ?? NewKey(partner.Id);
        var secret = SecretBox.NewSecret();
        var row = ToRow(partner);
        row["KeyHash"] = Hash(key);
        row["SecretCurrent"] = box.Seal(partner.Id, "current", secret);
        row["SecretRotatedAt"] = clock.GetUtcNow();
        return await _table.AddIfAbsentAsync(row, ct) ? new PartnerCredentials(key, secret) : null;
    }

    /// <summary>
    /// A new webhook secret; the one it replaces keeps signing for <see cref="RotationOverlap"/>. Null when there is
    /// no such partner. Under the row's ETag, so two rotations at once cannot lose a secret that was shown.
    /// </summary>
    public async Task<string?> RotateWebhookSecretAsync(string id, CancellationToken ct)
    {
        var secret = SecretBox.NewSecret();
        var rotated = await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: token);
            if (!row.HasValue)
            {
                return false;
            }

            var now = clock.GetUtcNow();
            var update = new TableEntity(Partition, id)
            {
                ["SecretCurrent"] = box.Seal(id, "current", secret),
                ["SecretRotatedAt"] = now,
                ["SecretPrevious"] = row.Value!.GetString("SecretCurrent") is { } current ? box.Seal(id, "previous", box.Open(id, "current", current)) : "",
                ["PreviousUntil"] = now + RotationOverlap,
            };
            await _table.UpdateEntityAsync(update, row.Value.ETag, TableUpdateMode.Merge, token);
            return true;
        }, ct);
        return rotated ? secret : null;
    }

    /// <summary>The secrets that sign the partner's webhooks now: the current one, and the previous one during a rotation's overlap.</summary>
    public async Task<IReadOnlyList<string>> SigningSecretsAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct);
        if (!row.HasValue || row.Value!.GetString("SecretCurrent") is not { Length: > 0 } current)
        {
            return [];
        }

        var secrets = new List<string> { box.Open(id, "current", current) };
        if (row.Value.GetString("SecretPrevious") is { Length: > 0 } previous && row.Value.GetDateTimeOffset("PreviousUntil") > clock.GetUtcNow())
        {
            secrets.Add(box.Open(id, "previous", previous));
        }

        return secrets;
    }

    /// <summary>When the webhook secret was last made, and until when the previous one still signs (null outside an overlap).</summary>
    public async Task<(DateTimeOffset? RotatedAt, DateTimeOffset? PreviousUntil)> SecretDatesAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, select: ["SecretRotatedAt", "PreviousUntil"], cancellationToken: ct);
        var until = row.HasValue ? row.Value!.GetDateTimeOffset("PreviousUntil") : null;
        return (row.HasValue ? row.Value!.GetDateTimeOffset("SecretRotatedAt") : null, until > clock.GetUtcNow() ? until : null);
    }

    /// <summary>Sets or removes (null) the partner's webhook URL; false when there is no such partner.</summary>
    public async Task<bool> SetWebhookUrlAsync(string id, string? url, CancellationToken ct)
    {
        try
        {
            await _table.UpdateEntityAsync(new TableEntity(Partition, id) { ["WebhookUrl"] = url ?? "" }, ETag.All, TableUpdateMode.Merge, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
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
        // An id no partner can have ('#', '?', '\\', over 1 KiB…) would be a storage error, not "no such partner".
        if (!Storage.Ids.IsValid(id))
        {
            return null;
        }

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
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || dot <= KeyPrefix.Length || !Storage.Ids.IsValid(key[KeyPrefix.Length..dot]))
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
        ["WebhookUrl"] = p.WebhookUrl ?? "",
        ["AcceptanceDays"] = p.AcceptanceDays,
    };

    private static Partner ToPartner(TableEntity r) =>
        new(r.RowKey, r.GetString("Name") ?? "", r.GetString("Contact"), r.GetString("WebhookUrl") is { Length: > 0 } url ? url : null, r.GetInt32("AcceptanceDays") ?? 3);
}
