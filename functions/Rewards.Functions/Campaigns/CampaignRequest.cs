using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Rewards.Domain.Earning;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Campaigns;

/// <summary>A campaign as admins send it: the window in the program's local time, without an offset ("2026-05-25T00:00:00").</summary>
internal sealed class CampaignRequest : IValidatableObject, IAdminBody<Campaign>
{
    private static readonly string[] Formats = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];

    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string? Name { get; set; }

    [Required]
    public string? StartsAt { get; set; }

    [Required]
    public string? EndsAt { get; set; }

    [Required]
    public List<string>? Actions { get; set; }

    [Required]
    public decimal? Multiplier { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StartsAt is not null && !TryLocal(StartsAt, out _))
        {
            yield return new ValidationResult("must be a local date-time such as 2026-05-25T00:00:00, without an offset", [nameof(StartsAt)]);
        }

        if (EndsAt is not null && !TryLocal(EndsAt, out _))
        {
            yield return new ValidationResult("must be a local date-time such as 2026-05-26T00:00:00, without an offset", [nameof(EndsAt)]);
        }
    }

    public Checked<Campaign> Check()
    {
        TryLocal(StartsAt!, out var starts);
        TryLocal(EndsAt!, out var ends);
        var campaign = new Campaign(Id!, Name!, starts, ends, [.. Actions!.Distinct()], Multiplier!.Value);
        return Checked<Campaign>.Of(campaign, Domain.Earning.Campaigns.Errors(campaign));
    }

    private static bool TryLocal(string text, out DateTime local) =>
        DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);
}

internal sealed record CampaignView(string Id, string Name, string StartsAt, string EndsAt, IReadOnlyList<string> Actions, decimal Multiplier)
{
    public static CampaignView Of(Campaign c) => new(c.Id, c.Name, CampaignsTable.Local(c.Starts), CampaignsTable.Local(c.Ends), c.Actions, c.Multiplier);
}

internal sealed record CampaignList(IReadOnlyList<CampaignView> Items);
