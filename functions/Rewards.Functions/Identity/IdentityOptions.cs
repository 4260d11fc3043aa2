using System.ComponentModel.DataAnnotations;

namespace Rewards.Functions.Identity;

/// <summary>Credentials configuration: admin keys, worker link signing keys by key id, and how long a link lives.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Rewards";

    /// <summary>Admin API keys, each "ak_" followed by a secret.</summary>
    public IList<string> AdminKeys { get; } = [];

    /// <summary>Link signing keys by kid, each a Base64 secret of at least 32 bytes. Keep old kids while their links live.</summary>
    public IDictionary<string, string> LinkSigningKeys { get; } = new Dictionary<string, string>();

    /// <summary>The kid that signs new links; defaults to the only key when there is one.</summary>
    public string? ActiveLinkSigningKey { get; set; }

    [Range(1, 3650)]
    public int LinkLifetimeDays { get; set; } = 365;

    /// <summary>The key (Base64, 32 bytes) that partners' webhook signing secrets are encrypted under in the Partners table.</summary>
    public string? WebhookEncryptionKey { get; set; }

    /// <summary>The key (Base64, at least 32 bytes) that venue screens' rotating check-in codes are made with; without it there is no check-in.</summary>
    public string? CheckInCodeKey { get; set; }

    /// <summary>The base URL printed in worker links, such as https://rewards.example.cn; defaults to the request's own host.</summary>
    public string? PublicBaseUrl { get; set; }
}
