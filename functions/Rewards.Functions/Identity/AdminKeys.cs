using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Rewards.Functions.Identity;

/// <summary>Admin keys from configuration, compared in constant time over their SHA-256 hashes.</summary>
internal sealed class AdminKeys(IOptions<IdentityOptions> options)
{
    public const string Prefix = "ak_";

    /// <summary>At least 32 characters of secret after the prefix (128 bits as hex).</summary>
    public const int MinimumSecretLength = 32;

    public const string TooShort = "must be 'ak_' followed by at least 32 characters (for example 'ak_' and 16 random bytes as hex).";

    /// <summary>Whether a configured admin key is long enough; a Key Vault reference not yet resolved is judged once it is.</summary>
    public static bool IsStrongEnough(string key) =>
        key.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase)
        || (key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length - Prefix.Length >= MinimumSecretLength);

    private readonly byte[][] _hashes = [.. options.Value.AdminKeys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).Select(Hash)];

    public bool IsValid(string key)
    {
        var hash = Hash(key);
        var match = false;
        foreach (var known in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(known, hash);
        }

        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
