using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Webhooks;

/// <summary>
/// Partners' webhook signing secrets at rest: AES-256-GCM under <c>Rewards:WebhookEncryptionKey</c> (Base64, 32
/// bytes; a Key Vault secret in Azure). The partner id and the slot are the associated data, so a ciphertext copied
/// onto another partner's row, or from the previous slot to the current one, does not decrypt.
/// </summary>
internal sealed class SecretBox(IOptions<IdentityOptions> identity)
{
    public const string SecretPrefix = "whsec_";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>A new signing secret: "whsec_" and 32 random bytes in hex. The whole string is the HMAC key.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string Seal(string partnerId, string slot, string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(), TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Associated(partnerId, slot));
        return Convert.ToBase64String(sealedBytes);
    }

    public string Open(string partnerId, string slot, string sealedText)
    {
        var sealedBytes = Convert.FromBase64String(sealedText);
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("A sealed webhook secret is too short.");
        }

        var length = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(Key(), TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plain, Associated(partnerId, slot));
        return Encoding.UTF8.GetString(plain);
    }

    private byte[] Key()
    {
        var text = identity.Value.WebhookEncryptionKey;
        byte[] key;
        try
        {
            key = string.IsNullOrWhiteSpace(text) ? [] : Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            key = [];
        }

        return key.Length == 32 ? key : throw new InvalidOperationException("Rewards:WebhookEncryptionKey must be set to 32 random bytes in Base64 (a Key Vault secret in Azure).");
    }

    private static byte[] Associated(string partnerId, string slot) => Encoding.UTF8.GetBytes($"webhook-secret|{partnerId}|{slot}");
}
