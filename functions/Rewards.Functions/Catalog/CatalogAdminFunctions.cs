using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Partners;

namespace Rewards.Functions.Catalog;

internal sealed class CatalogAdminFunctions(Gate gate, CatalogTables catalog, PartnersTable partners)
{
    [Function("AdminListRewards")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/rewards")] HttpRequest req, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var stock = await catalog.StockAsync(ct);
        return ApiResults.Ok(new RewardList([.. (await catalog.AllAsync(ct)).Select(r => new RewardView(r, stock.GetValueOrDefault(r.Id) ?? new StockLevel(0, 0, 0, 0, 0)))]));
    }

    /// <summary>The prize with its stock: remaining, reserved, delivered, initial and restocked.</summary>
    [Function("AdminGetReward")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/rewards/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req)
            ?? (await catalog.FindAsync(id, ct) is { } reward && await catalog.StockAsync(id, ct) is { } stock ? ApiResults.Ok(new RewardView(reward, stock)) : NotFound(id));

    [Function("AdminCreateReward")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/rewards")] HttpRequest req, CancellationToken ct)
    {
        var (reward, problem) = await ReadAsync(req, null, ct);
        if (problem is not null)
        {
            return problem;
        }

        return await catalog.AddAsync(reward!.Value.Reward, reward.Value.Stock, ct)
            ? ApiResults.Created(new RewardView(reward.Value.Reward, new StockLevel(reward.Value.Stock, 0, 0, reward.Value.Stock, 0)))
            : ApiResults.Problem(409, ProblemCodes.AlreadyExists, "Already exists", $"Reward '{reward.Value.Reward.Id}' already exists; PUT changes it and restock adds stock.");
    }

    /// <summary>Changes the prize's terms; stock changes only through restock.</summary>
    [Function("AdminPutReward")]
    public async Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/rewards/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var (reward, problem) = await ReadAsync(req, id, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (await catalog.FindAsync(id, ct) is not { } existing || await catalog.StockAsync(id, ct) is not { } stock)
        {
            return NotFound(id);
        }

        // The shards are fixed when the prize is created.
        var updated = reward!.Value.Reward with { StockShards = existing.StockShards };
        await catalog.UpdateAsync(updated, ct);
        return ApiResults.Ok(new RewardView(updated, stock));
    }

    [Function("AdminRestockReward")]
    public async Task<IActionResult> Restock([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/rewards/{id}/restock")] HttpRequest req, string id, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<RestockRequest>(req, ct);
        var key = IdempotencyKey.Read(req);
        if ((await gate.AdminAsync(req) ?? body.Problem ?? key.Problem) is { } problem)
        {
            return problem;
        }

        return (await catalog.RestockAsync(id, body.Value!.Quantity!.Value, key.Value!, ct)).ToResult(200);
    }

    private async Task<((Reward Reward, int Stock)? Value, IActionResult? Problem)> ReadAsync(HttpRequest req, string? routeId, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<RewardRequest>(req, ct);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return (null, problem);
        }

        var errors = new Dictionary<string, string[]>();
        if (routeId is not null && body.Value!.Id != routeId)
        {
            errors["id"] = ["must match the id in the URL"];
        }

        if (await partners.FindAsync(body.Value!.PartnerId!, ct) is null)
        {
            errors["partnerId"] = [$"there is no partner '{body.Value.PartnerId}'"];
        }

        return errors.Count > 0 ? (null, RequestBody.Invalid(errors)) : ((body.Value.ToReward(), body.Value.Stock ?? 0), null);
    }

    private static IActionResult NotFound(string id) =>
        ApiResults.Problem(404, ProblemCodes.RewardNotFound, "Not found", $"There is no reward '{id}'.");
}
