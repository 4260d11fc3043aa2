using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Accounts;

internal sealed class MeFunctions
{
    private readonly Gate _gate;
    private readonly MeQueries _me;

    public MeFunctions(Gate gate, MeQueries me) => (_gate, _me) = (gate, me);

    [Function("GetMe")]
    public async Task<IActionResult> Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await _gate.WorkerAsync(req);
        if (denied is not null)
        {
            return denied;
        }

        var me = await _me.MeAsync(worker!, ct);
        return me.IsRefused ? ApiResults.Problem(me.Refusal!) : ApiResults.Ok(me.Value!);
    }

    [Function("GetMyLedger")]
    public async Task<IActionResult> Ledger([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me/ledger")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await _gate.WorkerAsync(req);
        var page = Query.Page(req);
        if ((denied ?? page.Problem) is { } problem)
        {
            return problem;
        }

        var ledger = await _me.LedgerAsync(worker!, page.Value.Limit, page.Value.Continuation, ct);
        return ledger.IsRefused ? ApiResults.Problem(ledger.Refusal!) : ApiResults.Ok(ledger.Value!);
    }
}
