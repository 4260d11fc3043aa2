using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Accounts;

internal sealed class MeFunctions(Gate gate, MeQueries me)
{
    [Function("GetMe")]
    public async Task<IActionResult> Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await me.MeAsync(worker!, ct)).ToResult(200);
    }

    [Function("GetMyLedger")]
    public async Task<IActionResult> Ledger([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me/ledger")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        var page = Query.Page(req);
        return denied ?? page.Problem ?? (await me.LedgerAsync(worker!, page.Value.Limit, page.Value.Continuation, ct)).ToResult(200);
    }
}
