using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Domain.Hazards;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Hazards;

/// <summary>The union's review of hazard reports, the unit's rectification, and each unit's backlog of open hazards.</summary>
internal sealed class HazardAdminFunctions(Gate gate, HazardReview review, HazardQueries queries)
{
    [Function("AdminListHazards")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/hazards")] HttpRequest req, CancellationToken ct)
    {
        var page = Query.Page(req);
        var status = req.Query["status"].ToString() is { Length: > 0 } s ? s : null;
        var unitId = req.Query["unitId"].ToString() is { Length: > 0 } u ? u : null;
        var badStatus = status is not null && !HazardStatus.All.Contains(status) ? RequestBody.Invalid(new Dictionary<string, string[]> { ["status"] = [$"must be one of {string.Join(", ", HazardStatus.All)}"] }) : null;
        return await gate.AdminAsync(req) ?? page.Problem ?? badStatus
            ?? (await queries.ListAsync(status, unitId, page.Value.Limit, page.Value.Continuation, ct)).ToResult(200);
    }

    [Function("AdminReviewHazard")]
    public async Task<IActionResult> Review([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/hazards/{id}/review")] HttpRequest req, string id, CancellationToken ct)
    {
        var denied = await gate.AdminAsync(req);
        var body = denied is null ? await RequestBody.ReadJsonAsync<ReviewRequest>(req, ct) : default;
        var missing = body.Value?.Missing() is { Count: > 0 } errors ? RequestBody.Invalid(errors) : null;
        return denied ?? body.Problem ?? missing ?? (await review.ReviewAsync(id, body.Value!.ToCommand(), ct)).ToResult(200);
    }

    [Function("AdminRectifyHazard")]
    public async Task<IActionResult> Rectify([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/hazards/{id}/rectification")] HttpRequest req, string id, CancellationToken ct)
    {
        var denied = await gate.AdminAsync(req);
        var form = denied is null ? await HazardForms.RectificationAsync(req, ct) : default;
        return denied ?? form.Problem ?? (await review.RectifyAsync(id, form.Value!.Photo, form.Value.Note, ct)).ToResult(200);
    }

    [Function("AdminVerifyHazard")]
    public async Task<IActionResult> Verify([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/hazards/{id}/verify")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await review.VerifyAsync(id, ct)).ToResult(200);

    /// <summary>The unit safety page's backlog: open hazards (accepted, not yet verified) and how long each has been open.</summary>
    [Function("AdminUnitHazards")]
    public async Task<IActionResult> Backlog([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/units/{unitId}/hazards")] HttpRequest req, string unitId, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await queries.BacklogAsync(unitId, ct)).ToResult(200);
}
