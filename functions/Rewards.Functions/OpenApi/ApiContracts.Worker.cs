using Rewards.Domain;
using Rewards.Domain.Redemptions;
using Rewards.Functions.Redemptions;

namespace Rewards.Functions.OpenApi;

/// <summary>The worker API: what a worker's link reaches (/api/me, content, quizzes, shares, prizes, hazards, activities, boards).</summary>
internal static partial class ApiContracts
{
    private static IEnumerable<KeyValuePair<string, ApiContract>> Worker =>
    [
        new("RequestRedemption", new(typeof(RedemptionRequest), 202, typeof(RedemptionView), Body.With(RefusalCodes.InsufficientPoints, RedemptionCodes.PerWorkerLimit, RedemptionCodes.RewardUnavailable, "reward-not-found", RefusalCodes.IdempotencyKeyReused)) { Idempotent = true }),
        new("GetRedemption", new(null, 200, typeof(RedemptionView), "redemption-not-found")),
        new("GetMyRedemptions", new(null, 200, typeof(RedemptionList))),
        new("CancelRedemption", new(null, 200, typeof(OrderView), "redemption-not-found", Fulfilment.InvalidTransition)),
    ];
}
