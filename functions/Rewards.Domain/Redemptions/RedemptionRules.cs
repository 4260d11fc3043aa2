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
    /// or (through the ledger) when the balance cannot cover it; otherwise the points move to held and the
    /// worker's count of the prize goes up.
    /// </summary>
    public static Decision<(Posting Hold, LimitCounter Limit)> Request(RewardTerms terms, int quantity, LimitCounter limit, string redemptionId)
    {
        if (!terms.OpenNow)
        {
            return new Refusal(RedemptionCodes.RewardUnavailable, $"'{terms.Title}' cannot be redeemed now.");
        }

        if (terms.PerWorkerLimit > 0 && limit.Take(quantity).Count > terms.PerWorkerLimit)
        {
            return new Refusal(RedemptionCodes.PerWorkerLimit, $"Each worker may redeem '{terms.Title}' {terms.PerWorkerLimit} times; you have {limit.Count}.",
                new Dictionary<string, object?> { ["limit"] = terms.PerWorkerLimit, ["redeemed"] = limit.Count });
        }

        var points = (long)terms.Cost * quantity;
        return (new Posting(0, LedgerKinds.Hold, $"兑换《{terms.Title}》×{quantity}，冻结 {points} 分", $"redemption:{redemptionId}", points), limit.Take(quantity));
    }

    /// <summary>Held points go back to the balance: out of stock, rejected, cancelled or expired.</summary>
    public static Posting Release(string redemptionId, string title, long points, string why) =>
        new(0, LedgerKinds.Release, $"兑换《{title}》{why}，退回 {points} 分", $"redemption:{redemptionId}", -points);

    /// <summary>Delivered: the held points are spent.</summary>
    public static Posting Spend(RedemptionRow r) =>
        new(-r.Points, LedgerKinds.Spend, $"兑换《{r.Title}》×{r.Quantity} 已签收，使用 {r.Points} 分", $"redemption:{r.Id}", -r.Points);

    /// <summary>
    /// Ends an open redemption with its order's final status, once: a delivery spends the held points; a refund
    /// releases them and gives the per-worker count back. A redemption that is gone, over (final, or refused for want of
    /// stock: its hold is released already), or (with
    /// <paramref name="onlyIfPending"/>) no longer pending changes nothing.
    /// </summary>
    public static LedgerChange Settle(WorkerSnapshot snapshot, string redemptionId, string rewardId, RedemptionStatus status, bool onlyIfPending)
    {
        if (snapshot.Redemption(redemptionId) is not { } row || (onlyIfPending && row.Status != RedemptionStatus.Pending) || !row.Status.IsOpen())
        {
            return LedgerChange.None;
        }

        if (status == RedemptionStatus.Delivered)
        {
            return new LedgerChange { Posting = Spend(row), Puts = [row with { Status = status }] };
        }

        var why = status switch { RedemptionStatus.Rejected => "被合作方拒绝", RedemptionStatus.Expired => "合作方逾期未接单", _ => "已取消" };
        return new LedgerChange { Posting = Release(row.Id, row.Title, row.Points, why), Puts = [row with { Status = status }, snapshot.Limit(rewardId).Give(row.Quantity)] };
    }

    /// <summary>
    /// Out of stock: a pending redemption is refused, its hold released and the per-worker count given back, and
    /// its message's outbox row (<paramref name="outboxKey"/>) deleted if still there; anything else changes nothing.
    /// </summary>
    public static LedgerChange Refuse(WorkerSnapshot snapshot, string redemptionId, string rewardId, string outboxKey)
    {
        if (snapshot.Redemption(redemptionId) is not { Status: RedemptionStatus.Pending } row)
        {
            return LedgerChange.None;
        }

        return new LedgerChange
        {
            Posting = Release(row.Id, row.Title, row.Points, "库存不足"),
            Puts = [row with { Status = RedemptionStatus.Refused, Reason = RedemptionCodes.OutOfStock }, snapshot.Limit(rewardId).Give(row.Quantity)],
            Deletes = snapshot.Outbox(outboxKey) is { } done ? [done] : [],
        };
    }

    /// <summary>
    /// The reservation step's verdict on a pending redemption (reserved), with its message's outbox row deleted in
    /// the same transaction; one that moved on meanwhile is left as it is.
    /// </summary>
    public static LedgerChange Mark(WorkerSnapshot snapshot, string redemptionId, RedemptionStatus status, string outboxKey) =>
        snapshot.Redemption(redemptionId) is { Status: RedemptionStatus.Pending } row
            ? new LedgerChange { Puts = [row with { Status = status }], Deletes = snapshot.Outbox(outboxKey) is { } done ? [done] : [] }
            : LedgerChange.None;

    /// <summary>A reserved or accepted redemption follows its order's status (accepted, shipped) and tracking number; others stay.</summary>
    public static LedgerChange Mirror(WorkerSnapshot snapshot, string redemptionId, RedemptionStatus status, string? trackingNo) =>
        snapshot.Redemption(redemptionId) is { Status: RedemptionStatus.Reserved or RedemptionStatus.Accepted } row && row.Status != status
            ? new LedgerChange { Puts = [row with { Status = status, TrackingNo = trackingNo }] }
            : LedgerChange.None;
}
