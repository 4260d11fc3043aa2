using System.ComponentModel.DataAnnotations;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Learning;

/// <summary>
/// A safety micro-video, article or health micro-class, with the points it pays and the seconds it must be open. Its
/// lesson is at <see cref="Url"/> (a video plays inside the worker's page) or is <see cref="Body"/>, plain text the page
/// shows as it is (never as markup).
/// </summary>
internal sealed record ContentItem(string Id, string Title, string Kind, string? Url, string? Summary, int Points, int MinSeconds, bool Active, string? Body = null);

/// <summary>The admin's body for creating or replacing content. Unknown fields are ignored.</summary>
internal sealed class ContentRequest : IValidatableObject, IAdminBody<ContentItem>
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string? Title { get; set; }

    [Required, RegularExpression("^(video|article|class)$", ErrorMessage = "must be video, article or class")]
    public string? Kind { get; set; }

    [StringLength(2000)]
    public string? Url { get; set; }

    [StringLength(2000)]
    public string? Summary { get; set; }

    /// <summary>The lesson's text, for a class or an article without a link: plain text, paragraphs split by blank lines.</summary>
    [StringLength(4000)]
    public string? Body { get; set; }

    [Required, Range(1, 1000)]
    public int? Points { get; set; }

    [Required, Range(0, 3600)]
    public int? MinSeconds { get; set; }

    public bool? Active { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not null && !(Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http") && !Url.StartsWith('/'))
        {
            yield return new ValidationResult("must be an http(s) URL or a site path", [nameof(Url)]);
        }
    }

    public Checked<ContentItem> Check() => Checked<ContentItem>.Good(new(Id!, Title!, Kind!, Url, Summary, Points!.Value, MinSeconds!.Value, Active ?? true, string.IsNullOrWhiteSpace(Body) ? null : Body.Trim()));
}
