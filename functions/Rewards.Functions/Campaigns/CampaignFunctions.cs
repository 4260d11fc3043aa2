using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Domain.Earning;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Campaigns;

internal sealed class CampaignFunctions(Gate gate, CampaignsTable campaigns, RulesStore rules)
{
    [Function("AdminListCampaigns")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/campaigns")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(new CampaignList([.. (await campaigns.AllAsync(ct)).Select(CampaignView.Of)]));

    [Function("AdminGetCampaign")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/campaigns/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ((await campaigns.AllAsync(ct)).FirstOrDefault(c => c.Id == id) is { } found ? ApiResults.Ok(CampaignView.Of(found)) : NotFound(id));

    [Function("AdminCreateCampaign")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/campaigns")] HttpRequest req, CancellationToken ct)
    {
        var (campaign, problem) = await ReadAsync(req, null, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (!await campaigns.AddAsync(campaign!, ct))
        {
            return ApiResults.Problem(409, ProblemCodes.AlreadyExists, "Already exists", $"Campaign '{campaign!.Id}' already exists; PUT replaces it.");
        }

        rules.Invalidate();
        return ApiResults.Created(CampaignView.Of(campaign!));
    }

    [Function("AdminPutCampaign")]
    public async Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/campaigns/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var (campaign, problem) = await ReadAsync(req, id, ct);
        if (problem is not null)
        {
            return problem;
        }

        await campaigns.UpsertAsync(campaign!, ct);
        rules.Invalidate();
        return ApiResults.Ok(CampaignView.Of(campaign!));
    }

    [Function("AdminDeleteCampaign")]
    public async Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/campaigns/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var deleted = await campaigns.DeleteAsync(id, ct);
        rules.Invalidate();
        return deleted ? new NoContentResult() : NotFound(id);
    }

    private async Task<(Campaign? Campaign, IActionResult? Problem)> ReadAsync(HttpRequest req, string? routeId, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<CampaignRequest>(req, ct);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return (null, problem);
        }

        if (routeId is not null && body.Value!.Id != routeId)
        {
            return (null, RequestBody.Invalid(new Dictionary<string, string[]> { ["id"] = ["must match the id in the URL"] }));
        }

        var campaign = body.Value!.ToCampaign();
        var errors = Domain.Earning.Campaigns.Errors(campaign);
        return errors.Count > 0
            ? (null, RequestBody.Invalid(errors.ToDictionary(e => e.Key, e => new[] { e.Value })))
            : (campaign, null);
    }

    private static IActionResult NotFound(string id) =>
        ApiResults.Problem(404, ProblemCodes.CampaignNotFound, "Not found", $"There is no campaign '{id}'.");
}
