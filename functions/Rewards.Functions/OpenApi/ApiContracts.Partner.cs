using Rewards.Domain.Redemptions;
using Rewards.Functions.Partners;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Webhooks;

namespace Rewards.Functions.OpenApi;

/// <summary>The partner API (/api/partner/*) and the admin's side of partners and their webhooks.</summary>
internal static partial class ApiContracts
{
    private const string Order = "order-not-found";
    private const string PartnerMissing = "partner-not-found";

    private static readonly string[] OrderStatuses =
        [Fulfilment.Reserved, Fulfilment.Accepted, Fulfilment.Shipped, Fulfilment.Delivered, Fulfilment.Rejected, Fulfilment.Cancelled, Fulfilment.Expired];

    private static IEnumerable<KeyValuePair<string, ApiContract>> Partner =>
    [
        new("AdminListPartners", new(null, 200, typeof(PartnerList))),
        new("AdminGetPartner", new(null, 200, typeof(Partner), PartnerMissing)),
        new("AdminCreatePartner", new(typeof(PartnerRequest), 201, typeof(PartnerCreated), Body.With(Exists))),
        new("AdminPutPartner", new(typeof(PartnerRequest), 200, typeof(Partner), Body.With(PartnerMissing))),
        new("AdminRotatePartnerKey", new(null, 200, typeof(PartnerKey), PartnerMissing)),
        new("AdminRotateWebhookSecret", new(null, 200, typeof(WebhookSecretCreated), PartnerMissing)),
        new("AdminListPoisonEvents", new(null, 200, typeof(PoisonList))),
        new("AdminReplayPoisonEvents", new(null, 200, typeof(ReplayResult))),
        new("AdminListOrders", new(null, 200, typeof(AdminOrderPage), Invalid, BadCursor)
        {
            Query = [.. Paged(50), OneOf("status", "Only orders in this state.", OrderStatuses), new("partnerId", "Only this partner's orders.")],
        }),
        new("PartnerListOrders", new(null, 200, typeof(OrderPage), Invalid, BadCursor)
        {
            Query = [.. Paged(20, PortalQueries.MaxLimit), OneOf("status", "Only orders in this state; the counts cover every state.", OrderStatuses)],
        }),
        new("PartnerGetOrder", new(null, 200, typeof(OrderView), Order)),
        new("PartnerActOnOrder", new(typeof(OrderActionRequest), 200, typeof(OrderView), OptionalBody.With(Order, Fulfilment.InvalidTransition))),
        new("PartnerGetProfile", new(null, 200, typeof(PartnerProfile))),
        new("PartnerShippingCsv", new(null, 200, typeof(string)) { Produces = ["text/csv"] }),
        new("PartnerPutWebhook", new(typeof(WebhookSettingsRequest), 200, typeof(PartnerProfile), Body)),
        new("PartnerSendTestEvent", new(null, 202, typeof(TestEventQueued), "webhook-not-set")),
        new("PartnerRotateWebhookSecret", new(null, 200, typeof(WebhookSecretCreated))),
        new("PartnerListDeliveries", new(null, 200, typeof(DeliveryList))),
    ];
}
