using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Catalog;

/// <summary>A prize of the catalog; its window is in the program's local time (open-ended when left out).</summary>
internal sealed record Reward(string Id, string Title, string? Description, string? ImageUrl, int Cost, string PartnerId, int PerWorkerLimit, DateTime? AvailableFrom, DateTime? AvailableUntil, bool Active, int StockShards = 1)
{
    public bool OpenAt(DateTime localNow) => Active && (AvailableFrom is null || localNow >= AvailableFrom) && (AvailableUntil is null || localNow < AvailableUntil);
}

/// <summary>How many are left and where the others went: stock + reserved + delivered = initial + restocked.</summary>
internal sealed record StockLevel(long Remaining, long Reserved, long Delivered, long Initial, long Restocked);

internal sealed class RewardRequest : IValidatableObject, IAdminBody<(Reward Reward, int Stock)>
{
    private static readonly string[] Formats = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];

    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string? Title { get; set; }

    [StringLength(1000)]
    public string? Description { get; set; }

    [StringLength(2000)]
    public string? ImageUrl { get; set; }

    [Required, Range(1, 1_000_000)]
    public int? Cost { get; set; }

    [Range(0, 10_000_000)]
    public int? Stock { get; set; }

    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? PartnerId { get; set; }

    [Range(0, 1000)]
    public int? PerWorkerLimit { get; set; }

    public string? AvailableFrom { get; set; }

    /// <summary>How many rows the stock is spread over, for a prize many workers redeem at once (1 to 16; fixed when the prize is created).</summary>
    [Range(1, 16)]
    public int? StockShards { get; set; }

    public string? AvailableUntil { get; set; }

    public bool? Active { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AvailableFrom is not null && Local(AvailableFrom) is null)
        {
            yield return new ValidationResult("must be a local date-time such as 2026-12-01T00:00:00", [nameof(AvailableFrom)]);
        }

        if (AvailableUntil is not null && Local(AvailableUntil) is null)
        {
            yield return new ValidationResult("must be a local date-time such as 2026-12-31T00:00:00", [nameof(AvailableUntil)]);
        }

        if (Local(AvailableFrom) is { } from && Local(AvailableUntil) is { } until && until <= from)
        {
            yield return new ValidationResult("must be after availableFrom", [nameof(AvailableUntil)]);
        }

        if (ImageUrl is not null && !(Uri.TryCreate(ImageUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps) && !ImageUrl.StartsWith('/'))
        {
            yield return new ValidationResult("must be an https URL or a site path", [nameof(ImageUrl)]);
        }
    }

    /// <summary>The prize and its initial stock (a replace ignores the stock: it changes only through restock).</summary>
    public Checked<(Reward Reward, int Stock)> Check() => Checked<(Reward Reward, int Stock)>.Good((ToReward(), Stock ?? 0));

    private Reward ToReward() => new(Id!, Title!, Description, ImageUrl, Cost!.Value, PartnerId!, PerWorkerLimit ?? 0, Local(AvailableFrom), Local(AvailableUntil), Active ?? true, StockShards ?? 1);

    private static DateTime? Local(string? text) =>
        text is not null && DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? local : null;
}

internal sealed class RestockRequest : IAdminBody<int>
{
    [Required, Range(1, 1_000_000)]
    public int? Quantity { get; set; }

    public Checked<int> Check() => Checked<int>.Good(Quantity!.Value);
}

internal sealed record RewardView(Reward Reward, StockLevel Stock);

internal sealed record RewardList(IReadOnlyList<RewardView> Items);

internal sealed record WorkerReward(string Id, string Title, string? Description, string? ImageUrl, int Cost, bool Available, bool Affordable, long Remaining);

internal sealed record WorkerRewardList(IReadOnlyList<WorkerReward> Items);
