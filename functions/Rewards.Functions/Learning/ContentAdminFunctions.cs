using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Learning;

internal sealed record ContentList(IReadOnlyList<ContentItem> Items);

internal sealed class ContentAdminFunctions(Gate gate, ContentTable content)
{
    [Function("AdminListContent")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/content")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(new ContentList(await content.AllAsync(ct)));

    [Function("AdminGetContent")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/content/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await content.FindAsync(id, ct) is { } item ? ApiResults.Ok(item) : NotFound(id));

    [Function("AdminCreateContent")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/content")] HttpRequest req, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<ContentRequest>(req, ct);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return problem;
        }

        var item = body.Value!.ToItem();
        return await content.AddAsync(item, ct)
            ? ApiResults.Created(item)
            : ApiResults.Problem(409, ProblemCodes.AlreadyExists, "Already exists", $"Content '{item.Id}' already exists; PUT replaces it.");
    }

    [Function("AdminPutContent")]
    public async Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/content/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<ContentRequest>(req, ct);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return problem;
        }

        if (body.Value!.Id != id)
        {
            return RequestBody.Invalid(new Dictionary<string, string[]> { ["id"] = ["must match the id in the URL"] });
        }

        await content.UpsertAsync(body.Value.ToItem(), ct);
        return ApiResults.Ok(body.Value.ToItem());
    }

    [Function("AdminDeleteContent")]
    public async Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/content/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await content.DeleteAsync(id, ct) ? new NoContentResult() : NotFound(id));

    private static IActionResult NotFound(string id) =>
        ApiResults.Problem(404, ProblemCodes.ContentNotFound, "Not found", $"There is no content '{id}'.");
}
