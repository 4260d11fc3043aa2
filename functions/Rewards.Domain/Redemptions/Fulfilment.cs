namespace Rewards.Domain.Redemptions;

/// <summary>The order's statuses and its one state machine. Final: delivered, rejected, cancelled, expired.</summary>
public static class Fulfilment
{
    public const string Reserved = "reserved";
    public const string Accepted = "accepted";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Rejected = "rejected";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";

    public const string InvalidTransition = "invalid-transition";

    /// <summary>Statuses whose points go back to the worker and whose stock goes back on the shelf.</summary>
    public static bool Refunds(string status) => status is Rejected or Cancelled or Expired;

    public static bool IsFinal(string status) => status is Delivered or Rejected or Cancelled or Expired;

    /// <summary>
    /// The status an action leads to from the current one. The same action again is harmless: it answers the
    /// status it already led to (and is reported as a repeat). Anything else is a refusal.
    /// </summary>
    public static Decision<(string Next, bool Repeat)> Apply(string current, string action)
    {
        var target = action switch
        {
            "accept" => Accepted,
            "ship" => Shipped,
            "deliver" => Delivered,
            "reject" => Rejected,
            "cancel" => Cancelled,
            "expire" => Expired,
            _ => null,
        };
        if (target is null)
        {
            return new Refusal(InvalidTransition, $"'{action}' is not an action on an order.");
        }

        if (current == target)
        {
            return (target, true);
        }

        var allowed = (current, target) switch
        {
            (Reserved, Accepted or Rejected or Cancelled or Expired) => true,
            (Accepted, Shipped or Rejected) => true,
            (Shipped, Delivered) => true,
            _ => false,
        };
        return allowed
            ? (target, false)
            : new Refusal(InvalidTransition, $"An order that is {current} cannot be {target}.", new Dictionary<string, object?> { ["currentStatus"] = current });
    }
}
