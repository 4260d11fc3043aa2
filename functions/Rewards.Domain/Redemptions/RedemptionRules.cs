using Rewards.Domain.Ledger;

namespace Rewards.Domain.Redemptions;

/// <summary>What a worker may redeem: the prize's cost, per-worker limit (0 = none) and whether its window is open now.</summary>
public sealed record RewardTerms(string RewardId, string Title, int Cost, int PerWorkerLimit, bool OpenNow);

public static class RedemptionCodes
{
    public const string RewardUnavailable = "reward-unavailable";
    public const string PerWorkerLimit = "per-worker-limit";
    public const string OutOfStock = "out-of-stock";
}

public static class RedemptionRules
{
    /// <summary>
    /// A redemption request: refused when the prize is not open, when it would pass the per-worker limit,
    /// or (through the ledger) when the balance cannot cover it; otherwise the points move to held.
    /// </summary>
    public static Decision<Posting> Request(RewardTerms terms, int quantity, int alreadyRedeemed, string redemptionId)
    {
        if (!terms.OpenNow)
        {
            return new Refusal(RedemptionCodes.RewardUnavailable, $"'{terms.Title}' cannot be redeemed now.");
        }

        if (terms.PerWorkerLimit > 0 && alreadyRedeemed + quantity > terms.PerWorkerLimit)
        {
            return new Refusal(RedemptionCodes.PerWorkerLimit, $"Each worker may redeem '{terms.Title}' {terms.PerWorkerLimit} times; you have {alreadyRedeemed}.",
                new Dictionary<string, object?> { ["limit"] = terms.PerWorkerLimit, ["redeemed"] = alreadyRedeemed });
        }

        var points = (long)terms.Cost * quantity;
        return new Posting(0, LedgerKinds.Hold, $"兑换《{terms.Title}》×{quantity}，冻结 {points} 分", $"redemption:{redemptionId}", points);
    }

    /// <summary>Held points go back to the balance: out of stock, rejected, cancelled or expired.</summary>
    public static Posting Release(string redemptionId, string title, long points, string why) =>
        new(0, LedgerKinds.Release, $"兑换《{title}》{why}，退回 {points} 分", $"redemption:{redemptionId}", -points);
}
