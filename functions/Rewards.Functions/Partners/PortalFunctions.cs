using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Storage;
using Rewards.Functions.Webhooks;

namespace Rewards.Functions.Partners;

/// <summary>The partner API behind the portal (/partner): profile, one order, the courier's CSV, and the webhook settings.</summary>
internal sealed class PortalFunctions(Gate gate, PartnersTable partners, PortalQueries queries, WebhookAddresses addresses, DeliveriesTable deliveries, OrderEvents events, TimeProvider clock, ILogger<PortalFunctions> log)
{
    [Function("PartnerGetProfile")]
    public async Task<IActionResult> Profile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partner/me")] HttpRequest req, CancellationToken ct)
    {
        var (partner, denied) = await gate.PartnerAsync(req);
        return denied ?? ApiResults.Ok(await ProfileAsync(partner!.Id, ct));
    }

    [Function("PartnerGetOrder")]
    public async Task<IActionResult> Order([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partner/orders/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var (partner, denied) = await gate.PartnerAsync(req);
        return denied ?? (await queries.OrderAsync(partner!, id, ct) is { } order ? ApiResults.Ok(order)
            : ApiResults.Problem(404, ProblemCodes.OrderNotFound, "Not found", $"There is no order '{id}' of yours."));
    }

    /// <summary>The accepted orders as CSV for the courier (UTF-8 with BOM, formula cells escaped).</summary>
    [Function("PartnerShippingCsv")]
    public async Task<IActionResult> ShippingCsv([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partner/shipping.csv")] HttpRequest req, CancellationToken ct)
    {
        var (partner, denied) = await gate.PartnerAsync(req);
        return denied ?? new FileContentResult(await queries.ShippingCsvAsync(partner!, ct), "text/csv; charset=utf-8") { FileDownloadName = $"to-ship-{partner!.Id}.csv" };
    }

    /// <summary>Sets the webhook URL (checked as when an admin saves it), or removes it with null.</summary>
    [Function("PartnerPutWebhook")]
    public async Task<IActionResult> PutWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/partner/webhook")] HttpRequest req, CancellationToken ct)
    {
        var (partner, denied) = await gate.PartnerAsync(req);
        var body = await RequestBody.ReadJsonAsync<WebhookSettingsRequest>(req, ct);
        if ((denied ?? body.Problem) is { } problem)
        {
            return problem;
        }

        var url = string.IsNullOrWhiteSpace(body.Value!.Url) ? null : body.Value.Url.Trim();
        if (url is not null && await addresses.ProblemAsync(url, ct) is { } bad)
        {
            return RequestBody.Invalid(new Dictionary<string, string[]> { ["url"] = [bad] });
        }

        await partners.SetWebhookUrlAsync(partner!.Id, url, ct);
        log.LogInformation("Partner {PartnerId} set its webhook: {HasWebhook}", partner.Id, url is not null);
        return ApiResults.Ok(await ProfileAsync(partner.Id, ct));
    }

    /// <summary>Queues a webhook.test event to the partner's URL; it shows among the deliveries like any event.</summary>
    [Function("PartnerSendTestEvent")]
    public async Task<IActionResult> SendTest([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partner/webhook/test")] HttpRequest req, CancellationToken ct)
    {
        var (partner, denied) = await gate.PartnerAsync(req);
        if (denied is not null)
        {
            return denied;
        }

        if (partner!.WebhookUrl is null)
        {
            return ApiResults.Problem(409, ProblemCodes.WebhookNotSet, "Webhook not set", "Set a webhook URL before sending a test event.");
        }

        var now = clock.GetUtcNow();
        var e = new OrderEvent($"evt_test_{RowKeys.NewId(now)}", "webhook.test", 0, now, partner.Id, null);
        await events.EnqueueAsync(new PartnerEventMessage(partner.Id, e.Id, e.Type, Json.Serialize(e), now), null, ct);
        return ApiResults.Json(202, new TestEventQueued(e.Id));
    }

    /// <summary>A new signing secret, shown once; the previous one keeps signing for 24 hours.</summary>
    [Function("PartnerRotateWebhookSecret")]
    public async Task<IActionResult> RotateSecret([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partner/webhook/rotate-secret")] HttpRequest req, CancellationToken ct)
    {
        var (partner, denied) = await gate.PartnerAsync(req);
        if (denied is not null)
        {
            return denied;
        }

        var secret = await partners.RotateWebhookSecretAsync(partner!.Id, ct);
        log.LogInformation("Partner {PartnerId} rotated its webhook secret", partner.Id);
        return ApiResults.Ok(new WebhookSecretCreated(secret!));
    }

    /// <summary>The last 50 deliveries: time, event, HTTP status, outcome and tries.</summary>
    [Function("PartnerListDeliveries")]
    public async Task<IActionResult> Deliveries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partner/webhook/deliveries")] HttpRequest req, CancellationToken ct)
    {
        var (partner, denied) = await gate.PartnerAsync(req);
        return denied ?? ApiResults.Ok(new DeliveryList(await deliveries.LatestAsync(partner!.Id, ct)));
    }

    private async Task<PartnerProfile> ProfileAsync(string id, CancellationToken ct)
    {
        var p = await partners.FindAsync(id, ct) ?? throw new InvalidOperationException($"Partner {id} vanished.");
        var (rotatedAt, previousUntil) = await partners.SecretDatesAsync(id, ct);
        return new PartnerProfile(p.Id, p.Name, p.Contact, p.AcceptanceDays, p.WebhookUrl, rotatedAt, previousUntil);
    }
}
