using System.ComponentModel.DataAnnotations;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Partners;

internal sealed class PartnerRequest : IAdminBody<Partner>
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string? Name { get; set; }

    [StringLength(200)]
    public string? Contact { get; set; }

    /// <summary>Optional: a partner without a webhook works from the portal. Checked by <see cref="Webhooks.WebhookAddresses"/>.</summary>
    [StringLength(2000)]
    public string? WebhookUrl { get; set; }

    [Range(1, 30)]
    public int? AcceptanceDays { get; set; }

    public Checked<Partner> Check() => Checked<Partner>.Good(ToPartner());

    private Partner ToPartner() => new(Id!, Name!, Contact, string.IsNullOrWhiteSpace(WebhookUrl) ? null : WebhookUrl, AcceptanceDays ?? 3);
}

/// <summary>A new partner, with its API key and webhook signing secret: both shown this once.</summary>
internal sealed record PartnerCreated(string Id, string Name, string? WebhookUrl, int AcceptanceDays, string ApiKey, string WebhookSecret);

internal sealed record PartnerKey(string Id, string ApiKey);

internal sealed record WebhookSecretCreated(string WebhookSecret);

internal sealed record PartnerList(IReadOnlyList<Partner> Items);
