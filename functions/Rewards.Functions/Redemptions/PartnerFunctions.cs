using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Redemptions;

internal sealed class OrderActionRequest
{
    [System.ComponentModel.DataAnnotations.StringLength(100)]
    public string? TrackingNo { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(300)]
    public string? Reason { get; set; }
}

internal sealed class PartnerFunctions(Gate gate, Partners.PortalQueries queries, FulfilmentUseCase fulfilment, TimeProvider clock, ILogger<PartnerFunctions> log)
{
    /// <summary>Refunds orders that no partner accepted in time.</summary>
    [Function("ExpireUnacceptedOrders")]
    public async Task Expire([TimerTrigger("0 */10 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var expired = await fulfilment.ExpireDueAsync(ct);
        if (expired > 0)
        {
            log.LogInformation("Expired {Count} unaccepted orders", expired);
        }
    }

    /// <summary>Runs again the consequences of order moves that did not go through (a crash, contention): a final order never keeps a hold.</summary>
    [Function("FollowUpOrders")]
    public async Task FollowUp([TimerTrigger("45 */1 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var done = await fulfilment.FollowUpDueAsync(clock.GetUtcNow() - FulfilmentUseCase.FollowUpGrace, ct);
        if (done > 0)
        {
            log.LogWarning("Followed up {Count} order moves whose consequences were left behind", done);
        }
    }

    private static readonly string[] Actions = ["accept", "ship", "deliver", "reject"];

    /// <summary>A partner's own orders, optionally by status: overdue first, then newest first, with counts by status and paging.</summary>
    [Function("PartnerListOrders")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partner/orders")] HttpRequest req, CancellationToken ct)
    {
        var (partner, denied) = await gate.PartnerAsync(req);
        var page = Query.Page(req, maxLimit: Partners.PortalQueries.MaxLimit);
        return (denied ?? page.Problem)
            ?? (await queries.PageAsync(partner!, req.Query["status"].FirstOrDefault(), page.Value.Limit, page.Value.Continuation, ct)).ToResult(200);
    }

    /// <summary>accept, ship (with {"trackingNo"}), deliver or reject (with {"reason"}); a repeat is harmless, an impossible move is 409.</summary>
    [Function("PartnerActOnOrder")]
    public async Task<IActionResult> Act([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partner/orders/{id}/{action}")] HttpRequest req, string id, string action, CancellationToken ct)
    {
        var (partner, denied) = await gate.PartnerAsync(req);
        var body = await RequestBody.ReadOptionalJsonAsync<OrderActionRequest>(req, ct);
        if ((denied ?? body.Problem) is { } problem)
        {
            return problem;
        }

        if (!Actions.Contains(action))
        {
            return ApiResults.Problem(404, ProblemCodes.OrderNotFound, "Not found", $"Orders take {string.Join(", ", Actions)}.");
        }

        if (action == "ship" && string.IsNullOrWhiteSpace(body.Value!.TrackingNo))
        {
            return RequestBody.Invalid(new Dictionary<string, string[]> { ["trackingNo"] = ["is required to ship"] });
        }

        return (await fulfilment.ActAsync(partner!.Id, id, action, body.Value!.TrackingNo, body.Value.Reason, ct)).ToResult(200);
    }
}
