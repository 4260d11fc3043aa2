using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Catalog;

internal sealed class CatalogFunctions(Gate gate, CatalogTables catalog, AccountsTable accounts, RulesStore rules, TimeProvider clock)
{
    /// <summary>The prizes a worker can see: open now, in stock, and whether the worker can afford each.</summary>
    [Function("ListRewards")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rewards")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        if (denied is not null)
        {
            return denied;
        }

        var rows = await accounts.ReadAsync(worker!.WorkerId, Domain.Ledger.SnapshotQuery.Nothing, ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return ApiResults.Problem(refusal);
        }

        var balance = rows.Account!.State.Balance;
        var local = (await rules.GetAsync(ct)).LocalNow(clock.GetUtcNow());
        var stock = await catalog.StockAsync(ct);
        var items = (await catalog.AllAsync(ct))
            .Where(r => r.Active)
            .Select(r => (Reward: r, Remaining: stock.GetValueOrDefault(r.Id)?.Remaining ?? 0))
            .Select(x => new WorkerReward(x.Reward.Id, x.Reward.Title, x.Reward.Description, x.Reward.ImageUrl, x.Reward.Cost, x.Reward.OpenAt(local) && x.Remaining > 0, balance >= x.Reward.Cost, x.Remaining));
        return ApiResults.Ok(new WorkerRewardList([.. items]));
    }
}
