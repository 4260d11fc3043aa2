using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Admin;
using Rewards.Functions.Http;

namespace Rewards.Functions.Learning;

internal sealed record ContentList(IReadOnlyList<ContentItem> Items);

internal sealed class ContentAdminFunctions(AdminCrud admin, ContentTable content)
{
    private static readonly AdminResource ContentItems = new("Content", ProblemCodes.ContentNotFound);

    [Function("AdminListContent")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/content")] HttpRequest req, CancellationToken ct) =>
        admin.ReadAsync(req, async () => new ContentList(await content.AllAsync(ct)));

    [Function("AdminGetContent")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/content/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.FindAsync(req, ContentItems, id, () => content.FindAsync(id, ct));

    [Function("AdminCreateContent")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/content")] HttpRequest req, CancellationToken ct) =>
        admin.CreateAsync<ContentRequest, ContentItem>(req, ContentItems, item => content.AddAsync(item, ct).Then(item), ct);

    [Function("AdminPutContent")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/content/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.PutAsync<ContentRequest, ContentItem>(req, ContentItems, id, item => content.UpsertAsync(item, ct).Then(item), ct);

    [Function("AdminDeleteContent")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/content/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DeleteAsync(req, ContentItems, id, () => content.DeleteAsync(id, ct));
}
