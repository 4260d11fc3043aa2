using System.ComponentModel.DataAnnotations;
using Rewards.Functions.Learning;

namespace Rewards.Functions.Partners;

internal sealed class PartnerRequest : IValidatableObject
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string? Name { get; set; }

    [StringLength(200)]
    public string? Contact { get; set; }

    [Required, StringLength(2000)]
    public string? WebhookUrl { get; set; }

    [Range(1, 30)]
    public int? AcceptanceDays { get; set; }

    /// <summary>Webhooks go over HTTPS; plain HTTP only to this machine, for local testing.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WebhookUrl is not null && !(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            && string.IsNullOrEmpty(uri.UserInfo)))
        {
            yield return new ValidationResult("must be an https URL without credentials (http only to localhost)", [nameof(WebhookUrl)]);
        }
    }

    public Partner ToPartner() => new(Id!, Name!, Contact, WebhookUrl!, AcceptanceDays ?? 3);
}

internal sealed record PartnerCreated(string Id, string Name, string WebhookUrl, int AcceptanceDays, string ApiKey);

internal sealed record PartnerKey(string Id, string ApiKey);

internal sealed record PartnerList(IReadOnlyList<Partner> Items);
