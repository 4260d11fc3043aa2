namespace Rewards.Domain.Redemptions;

/// <summary>
/// A redemption's statuses and where they lead: <c>pending</c> (points held, waiting for the reservation step),
/// then <c>refused</c> (out of stock: points released) or <c>reserved</c> (an order exists), after which the
/// redemption mirrors its order's status (<see cref="Fulfilment"/>). The one place these strings are spelled.
/// </summary>
public static class RedemptionStatus
{
    public const string Pending = "pending";
    public const string Refused = "refused";
    public const string Reserved = Fulfilment.Reserved;

    /// <summary>Open: its points are held (pending, or an order not yet final).</summary>
    public static bool IsOpen(string? status) => status is Pending or Fulfilment.Reserved or Fulfilment.Accepted or Fulfilment.Shipped;

    /// <summary>Nothing more will happen to it: refused, or its order is final.</summary>
    public static bool IsOver(string? status) => status is Refused || (status is not null && Fulfilment.IsFinal(status));

    /// <summary>Whether an order should exist behind it: reserved or later, and not refused or cancelled before its order.</summary>
    public static bool HasNoOrder(string? status) => status is Pending or Refused or Fulfilment.Cancelled;
}
