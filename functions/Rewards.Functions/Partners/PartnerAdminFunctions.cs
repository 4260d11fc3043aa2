using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Partners;

internal sealed class PartnerAdminFunctions(Gate gate, PartnersTable partners, ILogger<PartnerAdminFunctions> log)
{
    [Function("AdminListPartners")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/partners")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(new PartnerList(await partners.AllAsync(ct)));

    [Function("AdminGetPartner")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/partners/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await partners.FindAsync(id, ct) is { } partner ? ApiResults.Ok(partner) : NotFound(id));

    /// <summary>Creates a partner and shows its API key, once: only a hash of it is kept.</summary>
    [Function("AdminCreatePartner")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/partners")] HttpRequest req, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<PartnerRequest>(req, ct);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return problem;
        }

        var partner = body.Value!.ToPartner();
        if (await partners.AddAsync(partner, ct) is not { } key)
        {
            return ApiResults.Problem(409, ProblemCodes.AlreadyExists, "Already exists", $"Partner '{partner.Id}' already exists.");
        }

        log.LogInformation("Partner {PartnerId} created", partner.Id);
        return ApiResults.Created(new PartnerCreated(partner.Id, partner.Name, partner.WebhookUrl, partner.AcceptanceDays, key));
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

        return await partners.UpdateAsync(body.Value.ToPartner(), ct) ? ApiResults.Ok(body.Value.ToPartner()) : NotFound(id);
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

    private static IActionResult NotFound(string id) =>
        ApiResults.Problem(404, ProblemCodes.PartnerNotFound, "Not found", $"There is no partner '{id}'.");
}
