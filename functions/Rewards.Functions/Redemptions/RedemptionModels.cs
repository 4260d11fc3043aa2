using System.ComponentModel.DataAnnotations;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Redemptions;

internal sealed class DeliveryRequest
{
    [StringLength(50)]
    public string? Name { get; set; }

    [StringLength(30)]
    public string? Phone { get; set; }

    [StringLength(300)]
    public string? Address { get; set; }
}

internal sealed class RedemptionRequest
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? RewardId { get; set; }

    [Required, Range(1, 10)]
    public int? Quantity { get; set; }

    public DeliveryRequest? Delivery { get; set; }
}

/// <summary>A redemption as its worker sees it. Status: pending, reserved, refused (and later accepted, shipped, delivered, rejected, cancelled, expired).</summary>
internal sealed record RedemptionView(string Id, string RewardId, string Title, int Quantity, long Points, string Status, string? Reason, DateTimeOffset CreatedAt);

internal sealed record RedemptionList(IReadOnlyList<RedemptionView> Items);

/// <summary>The message the outbox puts on the redemptions queue once the hold is committed.</summary>
internal sealed record RedemptionMessage(string RedemptionId, string WorkerId, string RewardId, string Title, string PartnerId, int Quantity, long Points, string? Delivery);
