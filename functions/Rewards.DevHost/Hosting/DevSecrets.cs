using System.Security.Cryptography;
using System.Text.Json;

namespace Rewards.DevHost.Hosting;

/// <summary>
/// Local-demo credentials: an admin key and a link signing key, made once and kept in .rewards/dev-secrets.json
/// so links keep working across restarts. Only used when configuration provides none; never for Azure.
/// </summary>
internal static class DevSecrets
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Dictionary<string, string?> LoadOrCreate(string folder)
    {
        var path = Path.Combine(folder, "dev-secrets.json");
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllText(path)) ?? [];
        }

        var secrets = new Dictionary<string, string?>
        {
            ["Rewards:AdminKeys:0"] = "ak_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["Rewards:LinkSigningKeys:dev1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rewards:ActiveLinkSigningKey"] = "dev1",
        };
        Directory.CreateDirectory(folder);
        File.WriteAllText(path, JsonSerializer.Serialize(secrets, Indented));
        return secrets;
    }
}
