using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Rewards.Functions.Admin;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Workers;

internal sealed class WorkerAdminFunctions(Gate gate, AdminCrud admin, WorkerAdmin workers, WorkerImport import, WorkersTable directory, IOptions<IdentityOptions> identity)
{
    [Function("AdminSaveWorkers")]
    public async Task<IActionResult> Save([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/workers")] HttpRequest req, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        if (req.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            var csv = await ImportRequest.ReadAsync(req, ct);
            return csv.Problem ?? ApiResults.Ok(await import.ImportAsync(csv.Value!.Text, csv.Value.From, csv.Value.Limit, ct));
        }

        var body = await RequestBody.ReadJsonAsync<WorkerRequest>(req, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (created, worker) = await workers.SaveAsync(body.Value!, ct);
        return ApiResults.Json(created ? 201 : 200, worker);
    }

    [Function("AdminListWorkers")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/workers")] HttpRequest req, CancellationToken ct)
    {
        var page = Query.Page(req, 50, 1000);
        if ((await gate.AdminAsync(req) ?? page.Problem) is { } problem)
        {
            return problem;
        }

        var unitId = req.Query["unitId"].FirstOrDefault();
        var (items, continuation) = await directory.ListAsync(unitId, page.Value.Limit, page.Value.Continuation, ct, req.Query["name"].FirstOrDefault());
        return ApiResults.Ok(new WorkerPage(items, Cursor.Encode(continuation)));
    }

    [Function("AdminGetWorker")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/workers/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DecideAsync(req, () => workers.GetAsync(id, ct));

    [Function("AdminIssueLink")]
    public async Task<IActionResult> Link([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/workers/{id}/link")] HttpRequest req, string id, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var body = await RequestBody.ReadOptionalJsonAsync<LinkRequest>(req, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var baseUrl = identity.Value.PublicBaseUrl ?? $"{req.Scheme}://{req.Host}";
        return (await workers.IssueLinkAsync(id, body.Value!.RevokePrevious, baseUrl, ct)).ToResult(200);
    }
}
