using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Webhooks;

namespace Rewards.Functions.Partners;

internal sealed class PartnerAdminFunctions(Gate gate, PartnersTable partners, WebhookAddresses addresses, ILogger<PartnerAdminFunctions> log)
{
    [Function("AdminListPartners")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/partners")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(new PartnerList(await partners.AllAsync(ct)));

    [Function("AdminGetPartner")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/partners/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await partners.FindAsync(id, ct) is { } partner ? ApiResults.Ok(partner) : NotFound(id));

    /// <summary>Creates a partner and shows its API key and webhook secret, once: only a hash of the key and the secret encrypted are kept.</summary>
    [Function("AdminCreatePartner")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/partners")] HttpRequest req, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<PartnerRequest>(req, ct);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return problem;
        }

        var partner = body.Value!.ToPartner();
        if (await UrlProblemAsync(partner.WebhookUrl, ct) is { } bad)
        {
            return bad;
        }

        if (await partners.AddAsync(partner, ct) is not { } credentials)
        {
            return ApiResults.Problem(409, ProblemCodes.AlreadyExists, "Already exists", $"Partner '{partner.Id}' already exists.");
        }

        log.LogInformation("Partner {PartnerId} created", partner.Id);
        return ApiResults.Created(new PartnerCreated(partner.Id, partner.Name, partner.WebhookUrl, partner.AcceptanceDays, credentials.ApiKey, credentials.WebhookSecret));
    }

    [Function("AdminPutPartner")]
    public async Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/partners/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<PartnerRequest>(req, ct);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return problem;
        }

        if (body.Value!.Id != id)
        {
            return RequestBody.Invalid(new Dictionary<string, string[]> { ["id"] = ["must match the id in the URL"] });
        }

        return await UrlProblemAsync(body.Value.WebhookUrl, ct)
            ?? (await partners.UpdateAsync(body.Value.ToPartner(), ct) ? ApiResults.Ok(body.Value.ToPartner()) : NotFound(id));
    }

    /// <summary>A new webhook signing secret, shown once; the previous one keeps signing for 24 hours.</summary>
    [Function("AdminRotateWebhookSecret")]
    public async Task<IActionResult> RotateSecret([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/partners/{id}/rotate-webhook-secret")] HttpRequest req, string id, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var secret = await partners.RotateWebhookSecretAsync(id, ct);
        log.LogInformation("Partner {PartnerId} webhook secret rotated: {Rotated}", id, secret is not null);
        return secret is null ? NotFound(id) : ApiResults.Ok(new WebhookSecretCreated(secret));
    }

    /// <summary>Issues a new key and retires the old one at once.</summary>
    [Function("AdminRotatePartnerKey")]
    public async Task<IActionResult> Rotate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/partners/{id}/rotate-key")] HttpRequest req, string id, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var key = await partners.RotateKeyAsync(id, ct);
        log.LogInformation("Partner {PartnerId} key rotated: {Rotated}", id, key is not null);
        return key is null ? NotFound(id) : ApiResults.Ok(new PartnerKey(id, key));
    }

    private async Task<IActionResult?> UrlProblemAsync(string? url, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(url) || await addresses.ProblemAsync(url, ct) is not { } problem
            ? null
            : RequestBody.Invalid(new Dictionary<string, string[]> { ["webhookUrl"] = [problem] });

    private static IActionResult NotFound(string id) =>
        ApiResults.Problem(404, ProblemCodes.PartnerNotFound, "Not found", $"There is no partner '{id}'.");
}
