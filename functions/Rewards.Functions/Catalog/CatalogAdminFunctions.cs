using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Admin;
using Rewards.Functions.Http;
using Rewards.Functions.Partners;

namespace Rewards.Functions.Catalog;

internal sealed class CatalogAdminFunctions(AdminCrud admin, CatalogTables catalog, PartnersTable partners)
{
    private static readonly AdminResource Prizes = new("Reward", ProblemCodes.RewardNotFound, "PUT changes it and restock adds stock.");

    [Function("AdminListRewards")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/rewards")] HttpRequest req, CancellationToken ct) =>
        admin.ReadAsync(req, () => ListAsync(ct));

    /// <summary>The prize with its stock: remaining, reserved, delivered, initial and restocked.</summary>
    [Function("AdminGetReward")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/rewards/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.FindAsync(req, Prizes, id, () => ViewAsync(id, ct));

    [Function("AdminCreateReward")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/rewards")] HttpRequest req, CancellationToken ct) =>
        admin.CreateAsync<RewardRequest, (Reward Reward, int Stock)>(req, Prizes, prize => catalog.AddAsync(prize.Reward, prize.Stock, ct)
            .Then(new RewardView(prize.Reward, new StockLevel(prize.Stock, 0, 0, prize.Stock, 0))), ct, PartnerErrorsAsync);

    /// <summary>Changes the prize's terms; stock changes only through restock.</summary>
    [Function("AdminPutReward")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/rewards/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.PutAsync<RewardRequest, (Reward Reward, int Stock)>(req, Prizes, id, prize => ChangeTermsAsync(prize.Reward, ct), ct, PartnerErrorsAsync);

    [Function("AdminRestockReward")]
    public Task<IActionResult> Restock([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/rewards/{id}/restock")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DecideOnceAsync<RestockRequest, int, StockLevel>(req, (quantity, key) => catalog.RestockAsync(id, quantity, key, ct), ct);

    private async Task<RewardList> ListAsync(CancellationToken ct)
    {
        var stock = await catalog.StockAsync(ct);
        return new RewardList([.. (await catalog.AllAsync(ct)).Select(r => new RewardView(r, stock.GetValueOrDefault(r.Id) ?? new StockLevel(0, 0, 0, 0, 0)))]);
    }

    private async Task<RewardView?> ViewAsync(string id, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is { } reward && await catalog.StockAsync(id, ct) is { } stock ? new RewardView(reward, stock) : null;

    /// <summary>The new terms over the stock the prize has; its shards are fixed when it is created.</summary>
    private async Task<object?> ChangeTermsAsync(Reward terms, CancellationToken ct)
    {
        if (await ViewAsync(terms.Id, ct) is not { } existing)
        {
            return null;
        }

        var changed = existing with { Reward = terms with { StockShards = existing.Reward.StockShards } };
        await catalog.UpdateAsync(changed.Reward, ct);
        return changed;
    }

    private async Task<IReadOnlyDictionary<string, string[]>> PartnerErrorsAsync((Reward Reward, int Stock) prize, CancellationToken ct) =>
        await partners.FindAsync(prize.Reward.PartnerId, ct) is null
            ? new Dictionary<string, string[]> { ["partnerId"] = [$"there is no partner '{prize.Reward.PartnerId}'"] }
            : new Dictionary<string, string[]>();
}
