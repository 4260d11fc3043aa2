using Microsoft.Extensions.Options;

namespace Rewards.Functions.Identity;

/// <summary>
/// Checks the credentials configuration at start, each failure naming the app setting to fix
/// (Rewards__LinkSigningKeys__k1, …). A Key Vault reference the platform has not resolved yet is judged once
/// it is (<see cref="SecretReferences"/>), so it passes here.
/// </summary>
internal sealed class IdentityValidation : IValidateOptions<IdentityOptions>
{
    public const string MinimumKeyBytesText = "32 bytes or more";

    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        List<string> failures = [];
        for (var i = 0; i < options.AdminKeys.Count; i++)
        {
            if (!AdminKeys.IsStrongEnough(options.AdminKeys[i]))
            {
                failures.Add($"{Setting($"AdminKeys:{i}")} {AdminKeys.TooShort}");
            }
        }

        if (options.LinkSigningKeys.Count == 0)
        {
            failures.Add($"{Setting("LinkSigningKeys")} is not set: worker links need at least one signing key, Base64 of {MinimumKeyBytesText} (for example Rewards__LinkSigningKeys__k1).");
        }

        foreach (var (kid, value) in options.LinkSigningKeys)
        {
            if (!IsReference(value) && !IsStrongKey(value))
            {
                failures.Add($"{Setting($"LinkSigningKeys:{kid}")} must be Base64 of {MinimumKeyBytesText}.");
            }
        }

        if (options.ActiveLinkSigningKey is { } active && options.LinkSigningKeys.Count > 0 && !options.LinkSigningKeys.ContainsKey(active))
        {
            failures.Add($"{Setting("ActiveLinkSigningKey")} names '{active}', which is not among the link signing keys ({string.Join(", ", options.LinkSigningKeys.Keys)}).");
        }
        else if (options.ActiveLinkSigningKey is null && options.LinkSigningKeys.Count > 1)
        {
            failures.Add($"{Setting("ActiveLinkSigningKey")} is not set: with several link signing keys, name the one that signs new links.");
        }

        if (string.IsNullOrWhiteSpace(options.WebhookEncryptionKey))
        {
            failures.Add($"{Setting("WebhookEncryptionKey")} is not set: partners' webhook signing secrets are encrypted under it, Base64 of exactly 32 bytes (a Key Vault secret in Azure).");
        }
        else if (!IsReference(options.WebhookEncryptionKey) && !IsKeyOf32Bytes(options.WebhookEncryptionKey))
        {
            failures.Add($"{Setting("WebhookEncryptionKey")} must be Base64 of exactly 32 bytes (an AES-256 key).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Setting(string path) => SecretReferences.AppSettingName($"{IdentityOptions.Section}:{path}");

    private static bool IsReference(string value) => value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    private static bool IsStrongKey(string value) => KeyLength(value) >= 32;

    private static bool IsKeyOf32Bytes(string value) => KeyLength(value) == 32;

    private static int KeyLength(string value)
    {
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), bytes, out var length) ? length : -1;
    }
}
