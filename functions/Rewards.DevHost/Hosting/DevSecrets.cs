using System.Security.Cryptography;
using System.Text.Json;

namespace Rewards.DevHost.Hosting;

/// <summary>
/// Local-demo credentials: an admin key, a link signing key, the webhook encryption key, the check-in code key and the demo partner's key,
/// made once and kept in .rewards/dev-secrets.json so links keep working across restarts (a file from an earlier
/// version gets the ones it lacks). Only used when configuration provides none; never for Azure.
/// </summary>
internal static class DevSecrets
{
    /// <summary>The demo partner's API key: its hash is stored when the demo is seeded, and the DevHost prints it.</summary>
    public const string DemoPartnerKey = "Demo:PartnerKey";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Dictionary<string, string?> LoadOrCreate(string folder)
    {
        var path = Path.Combine(folder, "dev-secrets.json");
        var secrets = File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllText(path)) ?? [] : [];
        var made = new Dictionary<string, Func<string>>
        {
            ["Rewards:AdminKeys:0"] = () => "ak_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["Rewards:LinkSigningKeys:dev1"] = () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rewards:ActiveLinkSigningKey"] = () => "dev1",
            ["Rewards:WebhookEncryptionKey"] = () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rewards:CheckInCodeKey"] = () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [DemoPartnerKey] = () => $"pk_p-001.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}",
        };
        var missing = made.Keys.Where(k => !secrets.ContainsKey(k)).ToList();
        if (missing.Count == 0)
        {
            return secrets;
        }

        missing.ForEach(k => secrets[k] = made[k]());
        Directory.CreateDirectory(folder);
        File.WriteAllText(path, JsonSerializer.Serialize(secrets, Indented));
        return secrets;
    }
}
