using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Domain.Activities;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Activities;

/// <summary>Offline activities for admins, and the code the venue screen shows.</summary>
internal sealed class ActivityAdminFunctions(Gate gate, ActivityCatalog catalog)
{
    [Function("AdminListActivities")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/activities")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(await catalog.ListAsync(ct));

    [Function("AdminGetActivity")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/activities/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await catalog.GetAsync(id, ct)).ToResult(200);

    [Function("AdminCreateActivity")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/activities")] HttpRequest req, CancellationToken ct)
    {
        var (activity, problem) = await ReadAsync(req, null, ct);
        return problem ?? (await catalog.CreateAsync(activity!, ct)).ToResult(201);
    }

    [Function("AdminPutActivity")]
    public async Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/activities/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var (activity, problem) = await ReadAsync(req, id, ct);
        return problem ?? (await catalog.UpdateAsync(activity!, ct)).ToResult(200);
    }

    [Function("AdminDeleteActivity")]
    public async Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/activities/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var deleted = await catalog.DeleteAsync(id, ct);
        return deleted.IsRefused ? ApiResults.Problem(deleted.Refusal!) : new NoContentResult();
    }

    /// <summary>The venue screen's code of the current 30-second step: never cached anywhere.</summary>
    [Function("AdminCheckInCode")]
    public async Task<IActionResult> Code([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/activities/{id}/checkin-code")] HttpRequest req, string id, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        req.HttpContext.Response.Headers.CacheControl = "no-store";
        return (await catalog.CodeAsync(id, ct)).ToResult(200);
    }

    private async Task<(Activity? Activity, IActionResult? Problem)> ReadAsync(HttpRequest req, string? routeId, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return (null, denied);
        }

        var body = await RequestBody.ReadJsonAsync<ActivityRequest>(req, ct);
        if (body.Problem is not null)
        {
            return (null, body.Problem);
        }

        if (routeId is not null && body.Value!.Id != routeId)
        {
            return (null, RequestBody.Invalid(new Dictionary<string, string[]> { ["id"] = ["must match the id in the URL"] }));
        }

        var activity = body.Value!.ToActivity();
        var errors = ActivityCheck.Errors(activity);
        return errors.Count > 0 ? (null, RequestBody.Invalid(errors.ToDictionary(e => e.Key, e => new[] { e.Value }))) : (activity, null);
    }
}
