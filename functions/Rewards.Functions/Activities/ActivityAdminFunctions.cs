using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Domain.Activities;
using Rewards.Functions.Admin;

namespace Rewards.Functions.Activities;

/// <summary>Offline activities for admins, and the code the venue screen shows.</summary>
internal sealed class ActivityAdminFunctions(AdminCrud admin, ActivityCatalog catalog)
{
    [Function("AdminListActivities")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/activities")] HttpRequest req, CancellationToken ct) =>
        admin.ReadAsync(req, () => catalog.ListAsync(ct));

    [Function("AdminGetActivity")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/activities/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DecideAsync(req, () => catalog.GetAsync(id, ct));

    [Function("AdminCreateActivity")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/activities")] HttpRequest req, CancellationToken ct) =>
        admin.DecideAsync<ActivityRequest, Activity, ActivityView>(req, null, activity => catalog.CreateAsync(activity, ct), 201, ct);

    [Function("AdminPutActivity")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/activities/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DecideAsync<ActivityRequest, Activity, ActivityView>(req, id, activity => catalog.UpdateAsync(activity, ct), 200, ct);

    [Function("AdminDeleteActivity")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/activities/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DeleteAsync(req, () => catalog.DeleteAsync(id, ct));

    /// <summary>The venue screen's code of the current 30-second step: never cached anywhere.</summary>
    [Function("AdminCheckInCode")]
    public Task<IActionResult> Code([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/activities/{id}/checkin-code")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DecideAsync(req, () =>
        {
            req.HttpContext.Response.Headers.CacheControl = "no-store";
            return catalog.CodeAsync(id, ct);
        });
}
