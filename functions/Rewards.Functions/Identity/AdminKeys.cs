using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Rewards.Functions.Identity;

/// <summary>Admin keys from configuration, compared in constant time over their SHA-256 hashes.</summary>
internal sealed class AdminKeys(IOptions<IdentityOptions> options)
{
    public const string Prefix = "ak_";

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
