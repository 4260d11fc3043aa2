using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Admin;

internal sealed class AdminLedgerFunctions(Gate gate, Adjustments adjustments, Reconciliation reconciliation, Overview.ReconciliationCache last, ILogger<AdminLedgerFunctions> log)
{
    [Function("AdminAdjust")]
    public async Task<IActionResult> Adjust([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/adjustments")] HttpRequest req, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<AdjustmentRequest>(req, ct);
        var idempotency = IdempotencyKey.Read(req);
        if ((await gate.AdminAsync(req) ?? body.Problem ?? idempotency.Problem) is { } problem)
        {
            return problem;
        }

        var key = idempotency.Value!;

        var outcome = await adjustments.AdjustAsync(body.Value!, key, ct);
        log.LogInformation("Adjustment {Key} for {WorkerId}: {Outcome}", key, body.Value!.WorkerId, outcome.Refusal?.Code ?? "applied");
        return outcome.ToResult(201);
    }

    /// <summary>Runs the reconciliation (it reads every account) and keeps its result for the overview.</summary>
    [Function("AdminReconciliation")]
    public async Task<IActionResult> Reconcile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/reconciliation")] HttpRequest req, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var report = await reconciliation.RunAsync(ct);
        await last.SaveAsync(report);
        return ApiResults.Ok(report);
    }
}
