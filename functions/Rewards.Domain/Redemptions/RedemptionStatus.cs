namespace Rewards.Domain.Redemptions;

/// <summary>
/// A redemption's statuses: <see cref="Pending"/> (points held, waiting for the reservation step), then
/// <see cref="Refused"/> (out of stock: points released) or <see cref="Reserved"/> (an order exists), after which
/// the redemption mirrors its order's status (<see cref="Fulfilment"/>).
/// </summary>
public enum RedemptionStatus
{
    Pending,
    Refused,
    Reserved,
    Accepted,
    Shipped,
    Delivered,
    Rejected,
    Cancelled,
    Expired,
}

/// <summary>The one mapping of <see cref="RedemptionStatus"/> to the strings stored and sent, and where each status leads.</summary>
public static class RedemptionStatuses
{
    private static readonly Dictionary<RedemptionStatus, string> Names = new()
    {
        [RedemptionStatus.Pending] = "pending",
        [RedemptionStatus.Refused] = "refused",
        [RedemptionStatus.Reserved] = Fulfilment.Reserved,
        [RedemptionStatus.Accepted] = Fulfilment.Accepted,
        [RedemptionStatus.Shipped] = Fulfilment.Shipped,
        [RedemptionStatus.Delivered] = Fulfilment.Delivered,
        [RedemptionStatus.Rejected] = Fulfilment.Rejected,
        [RedemptionStatus.Cancelled] = Fulfilment.Cancelled,
        [RedemptionStatus.Expired] = Fulfilment.Expired,
    };

    private static readonly Dictionary<string, RedemptionStatus> ByName = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string Name(this RedemptionStatus status) => Names[status];

    /// <summary>The status a stored or sent string names; null for anything else.</summary>
    public static RedemptionStatus? Parse(string? name) => name is not null && ByName.TryGetValue(name, out var status) ? status : null;

    /// <summary>Open: its points are held (pending, or an order not yet final).</summary>
    public static bool IsOpen(this RedemptionStatus status) => status is RedemptionStatus.Pending or RedemptionStatus.Reserved or RedemptionStatus.Accepted or RedemptionStatus.Shipped;

    /// <summary>Nothing more will happen to it: refused, or its order is final.</summary>
    public static bool IsOver(this RedemptionStatus status) => status is RedemptionStatus.Refused || status.IsFinal();

    /// <summary>Its order is final: delivered, rejected, cancelled or expired.</summary>
    public static bool IsFinal(this RedemptionStatus status) => status is RedemptionStatus.Delivered or RedemptionStatus.Rejected or RedemptionStatus.Cancelled or RedemptionStatus.Expired;

    /// <summary>Whether an order should exist behind it: reserved or later, and not refused or cancelled before its order.</summary>
    public static bool HasNoOrder(this RedemptionStatus status) => status is RedemptionStatus.Pending or RedemptionStatus.Refused or RedemptionStatus.Cancelled;

    public static bool IsOpen(string? name) => Parse(name)?.IsOpen() ?? false;

    public static bool IsOver(string? name) => Parse(name)?.IsOver() ?? false;

    public static bool HasNoOrder(string? name) => Parse(name)?.HasNoOrder() ?? false;
}
