using Rewards.Functions.Partners;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Webhooks;

namespace Rewards.Functions.OpenApi;

/// <summary>What one HTTP function takes and answers: its request record, its success status and record, and its problem codes.</summary>
internal sealed record ApiContract(Type? Request, int Status, Type? Response, params string[] Problems);

/// <summary>
/// The request and response records of the HTTP functions, by function name. A function missing here still appears
/// in the document (the routes come from the [Function] methods themselves) with a generic JSON object answer.
/// </summary>
internal static class ApiContracts
{
    private const string Invalid = "validation-failed";
    private const string Malformed = "malformed-json";
    private const string Order = "order-not-found";

    public static IReadOnlyDictionary<string, ApiContract> ByFunction { get; } = new Dictionary<string, ApiContract>
    {
        ["AdminListPartners"] = new(null, 200, typeof(PartnerList)),
        ["AdminGetPartner"] = new(null, 200, typeof(Partner), "partner-not-found"),
        ["AdminCreatePartner"] = new(typeof(PartnerRequest), 201, typeof(PartnerCreated), Invalid, Malformed, "already-exists"),
        ["AdminPutPartner"] = new(typeof(PartnerRequest), 200, typeof(Partner), Invalid, Malformed, "partner-not-found"),
        ["AdminRotatePartnerKey"] = new(null, 200, typeof(PartnerKey), "partner-not-found"),
        ["AdminRotateWebhookSecret"] = new(null, 200, typeof(WebhookSecretCreated), "partner-not-found"),
        ["AdminImportQuestions"] = new(null, 200, typeof(Quizzes.QuestionImportResult), "invalid-csv", "quiz-not-found", "payload-too-large", "unsupported-media-type", "contention"),
        ["AdminListPoisonEvents"] = new(null, 200, typeof(PoisonList)),
        ["AdminReplayPoisonEvents"] = new(null, 200, typeof(ReplayResult)),
        ["AdminListOrders"] = new(null, 200, typeof(AdminOrderPage), Invalid, "invalid-cursor"),
        ["AdminOverview"] = new(null, 200, typeof(Overview.OverviewReport)),
        ["PartnerListOrders"] = new(null, 200, typeof(OrderPage), Invalid, "invalid-cursor"),
        ["PartnerGetOrder"] = new(null, 200, typeof(OrderView), Order),
        ["PartnerActOnOrder"] = new(typeof(OrderActionRequest), 200, typeof(OrderView), Order, "invalid-transition", Invalid, Malformed),
        ["PartnerGetProfile"] = new(null, 200, typeof(PartnerProfile)),
        ["PartnerShippingCsv"] = new(null, 200, typeof(string)),
        ["PartnerPutWebhook"] = new(typeof(WebhookSettingsRequest), 200, typeof(PartnerProfile), Invalid, Malformed),
        ["PartnerSendTestEvent"] = new(null, 202, typeof(TestEventQueued), "webhook-not-set"),
        ["PartnerRotateWebhookSecret"] = new(null, 200, typeof(WebhookSecretCreated)),
        ["PartnerListDeliveries"] = new(null, 200, typeof(DeliveryList)),
        ["RequestRedemption"] = new(typeof(RedemptionRequest), 202, typeof(RedemptionView), Invalid, Malformed, "insufficient-points", "per-worker-limit", "reward-unavailable", "idempotency-key-required", "idempotency-key-reused"),
        ["GetRedemption"] = new(null, 200, typeof(RedemptionView), "redemption-not-found"),
        ["GetMyRedemptions"] = new(null, 200, typeof(RedemptionList)),
        ["CancelRedemption"] = new(null, 200, typeof(OrderView), "redemption-not-found", "invalid-transition"),
    };
}
