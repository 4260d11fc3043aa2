using Azure.Data.Tables;

namespace Rewards.Functions.Redemptions;

/// <summary>Where a prize goes: as the worker gave it when redeeming.</summary>
internal sealed record Recipient(string? Name, string? Phone, string? Address);

/// <summary>
/// An order as its partner sees it. <c>Delivery</c> is the recipient as JSON text (kept for earlier clients);
/// <c>Recipient</c> is the same as an object. <c>AcceptBy</c> is the acceptance deadline, when the partner is known.
/// </summary>
internal sealed record OrderView(
    string Id, string RewardId, string Title, int Quantity, string Status, string? TrackingNo, string? Reason, string? Delivery, string WorkerId,
    Recipient? Recipient = null, DateTimeOffset? CreatedAt = null, DateTimeOffset? UpdatedAt = null, DateTimeOffset? AcceptBy = null, int Sequence = 0,
    IReadOnlyList<OrderStep>? History = null);

internal sealed record OrderList(IReadOnlyList<OrderView> Items);

internal static class OrderViews
{
    public static OrderView From(TableEntity o, int? acceptanceDays = null, bool withHistory = false)
    {
        var created = o.GetDateTimeOffset("CreatedAt");
        var delivery = o.GetString("Delivery");
        return new(
            o.RowKey, o.GetString("RewardId") ?? "", o.GetString("Title") ?? "", o.GetInt32("Quantity") ?? 0, o.GetString("Status") ?? "",
            o.GetString("TrackingNo"), o.GetString("Reason"), delivery, o.GetString("WorkerId") ?? "",
            delivery is null ? null : Json.Deserialize<Recipient>(delivery),
            created, o.GetDateTimeOffset("UpdatedAt") ?? created,
            acceptanceDays is { } days && created is { } at ? at + TimeSpan.FromDays(days) : null,
            o.GetInt32("Sequence") ?? 1,
            withHistory ? OrdersTable.History(o) : null);
    }
}
