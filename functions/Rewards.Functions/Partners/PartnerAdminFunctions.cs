using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Admin;
using Rewards.Functions.Http;
using Rewards.Functions.Webhooks;

namespace Rewards.Functions.Partners;

internal sealed class PartnerAdminFunctions(AdminCrud admin, PartnersTable partners, WebhookAddresses addresses, ILogger<PartnerAdminFunctions> log)
{
    private static readonly AdminResource Partners = new("Partner", ProblemCodes.PartnerNotFound, WhenTaken: null);

    [Function("AdminListPartners")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/partners")] HttpRequest req, CancellationToken ct) =>
        admin.ReadAsync(req, async () => new PartnerList(await partners.AllAsync(ct)));

    [Function("AdminGetPartner")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/partners/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.FindAsync(req, Partners, id, () => partners.FindAsync(id, ct));

    /// <summary>Creates a partner and shows its API key and webhook secret, once: only a hash of the key and the secret encrypted are kept.</summary>
    [Function("AdminCreatePartner")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/partners")] HttpRequest req, CancellationToken ct) =>
        admin.CreateAsync<PartnerRequest, Partner>(req, Partners, partner => partners.AddAsync(partner, ct).Then(credentials => Created(partner, credentials)), ct, WebhookErrorsAsync);

    [Function("AdminPutPartner")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/partners/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.PutAsync<PartnerRequest, Partner>(req, Partners, id, partner => partners.UpdateAsync(partner, ct).Then(partner), ct, WebhookErrorsAsync);

    /// <summary>A new webhook signing secret, shown once; the previous one keeps signing for 24 hours.</summary>
    [Function("AdminRotateWebhookSecret")]
    public Task<IActionResult> RotateSecret([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/partners/{id}/rotate-webhook-secret")] HttpRequest req, string id, CancellationToken ct) =>
        admin.FindAsync(req, Partners, id, () => partners.RotateWebhookSecretAsync(id, ct).Then(secret => Rotated(id, "webhook secret", new WebhookSecretCreated(secret))));

    /// <summary>Issues a new key and retires the old one at once.</summary>
    [Function("AdminRotatePartnerKey")]
    public Task<IActionResult> Rotate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/partners/{id}/rotate-key")] HttpRequest req, string id, CancellationToken ct) =>
        admin.FindAsync(req, Partners, id, () => partners.RotateKeyAsync(id, ct).Then(key => Rotated(id, "key", new PartnerKey(id, key))));

    private PartnerCreated Created(Partner partner, PartnerCredentials credentials)
    {
        log.LogInformation("Partner {PartnerId} created", partner.Id);
        return new PartnerCreated(partner.Id, partner.Name, partner.WebhookUrl, partner.AcceptanceDays, credentials.ApiKey, credentials.WebhookSecret);
    }

    private T Rotated<T>(string id, string what, T shown)
    {
        log.LogInformation("Partner {PartnerId} {What} rotated", id, what);
        return shown;
    }

    /// <summary>What is wrong with the webhook address (its form, the addresses it resolves to); nothing for a partner without one, who works from the portal.</summary>
    private async Task<IReadOnlyDictionary<string, string[]>> WebhookErrorsAsync(Partner partner, CancellationToken ct) =>
        partner.WebhookUrl is { } url && await addresses.ProblemAsync(url, ct) is { } problem
            ? new Dictionary<string, string[]> { ["webhookUrl"] = [problem] }
            : new Dictionary<string, string[]>();
}
