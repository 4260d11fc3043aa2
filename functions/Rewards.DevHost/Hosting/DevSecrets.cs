using System.Security.Cryptography;
using System.Text.Json;

namespace Rewards.DevHost.Hosting;

/// <summary>The secrets the DevHost supplied: settings to add, and the admin key to print when it is one the DevHost made.</summary>
internal sealed record DevSecretSettings(IReadOnlyDictionary<string, string?> Settings, string? GeneratedAdminKey);

/// <summary>
/// Local-demo credentials for what configuration leaves out: an admin key, a link signing key, the webhook
/// encryption key, the check-in code key, each on its own (configuring only an admin key still gets the rest), and
/// the demo partner's key when the DevHost runs the demo (its own Azurite). Made once and kept in .rewards/dev-secrets.json,
/// readable by the owner only, so links keep working across restarts. Never for Azure.
/// </summary>
internal static class DevSecrets
{
    public const string AdminKey = "Rewards:AdminKeys:0";
    public const string SigningKey = "Rewards:LinkSigningKeys:dev1";
    public const string ActiveKey = "Rewards:ActiveLinkSigningKey";
    public const string WebhookEncryptionKey = "Rewards:WebhookEncryptionKey";
    public const string CheckInCodeKey = "Rewards:CheckInCodeKey";

    /// <summary>The demo partner's API key: its hash is stored when the demo is seeded, and the DevHost prints it.</summary>
    public const string DemoPartnerKey = "Demo:PartnerKey";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static DevSecretSettings Fill(string folder, IConfiguration given, bool demo = false)
    {
        var path = Path.Combine(folder, "dev-secrets.json");
        var kept = File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllText(path)) ?? [] : [];
        var settings = new Dictionary<string, string?>();
        string? adminKey = null;
        if (!given.GetSection("Rewards:AdminKeys").GetChildren().Any())
        {
            adminKey = settings[AdminKey] = Kept(kept, AdminKey, () => "ak_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        }

        if (!given.GetSection("Rewards:LinkSigningKeys").GetChildren().Any())
        {
            settings[SigningKey] = Kept(kept, SigningKey, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (string.IsNullOrEmpty(given[ActiveKey]))
            {
                settings[ActiveKey] = "dev1";
            }
        }

        foreach (var key in new[] { WebhookEncryptionKey, CheckInCodeKey }.Where(k => string.IsNullOrEmpty(given[k])))
        {
            settings[key] = Kept(kept, key, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        if (demo)
        {
            settings[DemoPartnerKey] = Kept(kept, DemoPartnerKey, () => $"pk_p-001.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}");
        }

        // Rewritten each start, so a file from before (or one a tool loosened) is owner-only again.
        if (kept.Count > 0)
        {
            Save(path, kept);
        }

        return new DevSecretSettings(settings, adminKey);
    }

    private static string Kept(Dictionary<string, string?> kept, string key, Func<string> generate) =>
        kept.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : (kept[key] = generate())!;

    /// <summary>Written to a new owner-only file that then replaces the old one: the secrets are never readable by others, even briefly.</summary>
    private static void Save(string path, Dictionary<string, string?> secrets)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var file = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(file, secrets, Indented);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
