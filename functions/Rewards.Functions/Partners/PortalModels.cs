using System.ComponentModel.DataAnnotations;
using Rewards.Functions.Redemptions;

namespace Rewards.Functions.Partners;

/// <summary>The signed-in partner as the portal shows it; no secret is ever part of it.</summary>
internal sealed record PartnerProfile(string Id, string Name, string? Contact, int AcceptanceDays, string? WebhookUrl, DateTimeOffset? SecretRotatedAt, DateTimeOffset? PreviousSecretValidUntil);

/// <summary>A page of the partner's orders: overdue ones first, then newest first; counts by status over all of them.</summary>
internal sealed record OrderPage(IReadOnlyList<OrderView> Items, IReadOnlyDictionary<string, int> Counts, string? NextCursor);

internal sealed record TestEventQueued(string EventId);

internal sealed class WebhookSettingsRequest
{
    /// <summary>The URL events go to; null or empty removes the webhook (the partner then works from the portal).</summary>
    [StringLength(2000)]
    public string? Url { get; set; }
}
