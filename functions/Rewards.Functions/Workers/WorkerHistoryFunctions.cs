using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Workers;

/// <summary>A worker's ledger and redemptions as the admin console's worker page shows them.</summary>
internal sealed class WorkerHistoryFunctions(Gate gate, AccountsTable accounts, RedemptionUseCase redemptions, RulesStore rules)
{
    [Function("AdminWorkerLedger")]
    public async Task<IActionResult> Ledger([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/workers/{id}/ledger")] HttpRequest req, string id, CancellationToken ct)
    {
        var page = Query.Page(req, 20, 100);
        if ((await gate.AdminAsync(req) ?? page.Problem) is { } problem)
        {
            return problem;
        }

        if ((await accounts.ReadAsync(id, Domain.Ledger.SnapshotQuery.Nothing, ct)).Account is null)
        {
            return ApiResults.Problem(404, ProblemCodes.WorkerNotFound, "Worker not found", $"There is no worker '{id}'.");
        }

        var snapshot = await rules.GetAsync(ct);
        var lines = await accounts.LedgerAsync(id, page.Value.Limit, page.Value.Continuation, ct);
        return ApiResults.Ok(new LedgerPageResponse(
            [.. lines.Lines.Select(l => new LedgerItem(l.TxId, snapshot.Local(l.At), l.Amount, l.Kind, l.Reason, l.BalanceAfter, l.HeldChange))],
            Cursor.Encode(lines.Continuation)));
    }

    [Function("AdminWorkerRedemptions")]
    public async Task<IActionResult> Redemptions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/workers/{id}/redemptions")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await redemptions.OfWorkerAsync(id, ct) is { } list
            ? ApiResults.Ok(list)
            : ApiResults.Problem(404, ProblemCodes.WorkerNotFound, "Worker not found", $"There is no worker '{id}'."));
}
