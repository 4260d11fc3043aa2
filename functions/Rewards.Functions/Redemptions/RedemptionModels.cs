using System.ComponentModel.DataAnnotations;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Redemptions;

internal sealed class DeliveryRequest
{
    [StringLength(50)]
    public string? Name { get; set; }

    /// <summary>A mainland mobile (11 digits from 1) or a landline with its area code, as a courier can dial it.</summary>
    [StringLength(30), RegularExpression(@"^(\+?86[ -]?)?(1\d{10}|0\d{2,3}[ -]?\d{7,8}([ -]\d{1,6})?)$", ErrorMessage = "must be a mobile number (11 digits starting with 1) or a landline with its area code")]
    public string? Phone { get; set; }

    [StringLength(300)]
    public string? Address { get; set; }
}

internal sealed class RedemptionRequest : IValidatableObject
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? RewardId { get; set; }

    [Required, Range(1, 10)]
    public int? Quantity { get; set; }

    public DeliveryRequest? Delivery { get; set; }

    /// <summary>The delivery details are checked too (the validator does not descend into them by itself), each under <c>delivery.{field}</c>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        if (Delivery is not null && !Validator.TryValidateObject(Delivery, new ValidationContext(Delivery), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                yield return new ValidationResult(result.ErrorMessage, [.. result.MemberNames.Select(m => $"delivery.{char.ToLowerInvariant(m[0])}{m[1..]}")]);
            }
        }
    }
}

/// <summary>A redemption as its worker sees it. Status: pending, reserved, refused (and later accepted, shipped, delivered, rejected, cancelled, expired).</summary>
internal sealed record RedemptionView(string Id, string RewardId, string Title, int Quantity, long Points, string Status, string? Reason, DateTimeOffset CreatedAt, string? TrackingNo = null);

internal sealed record RedemptionList(IReadOnlyList<RedemptionView> Items);

/// <summary>The message the outbox puts on the redemptions queue once the hold is committed.</summary>
internal sealed record RedemptionMessage(string RedemptionId, string WorkerId, string RewardId, string Title, string PartnerId, int Quantity, long Points, string? Delivery);
