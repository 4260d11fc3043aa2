using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Domain.Redemptions;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Redemptions;

/// <summary>Every partner's orders for the console's orders page: by status and partner, overdue ones first.</summary>
internal sealed class AdminOrderFunctions(Gate gate, AdminOrders orders)
{
    public static readonly string[] Statuses =
        [Fulfilment.Reserved, Fulfilment.Accepted, Fulfilment.Shipped, Fulfilment.Delivered, Fulfilment.Rejected, Fulfilment.Cancelled, Fulfilment.Expired];

    [Function("AdminListOrders")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/orders")] HttpRequest req, CancellationToken ct)
    {
        var page = Query.Page(req, defaultLimit: 50);
        var status = req.Query["status"].ToString() is { Length: > 0 } s ? s : null;
        var partnerId = req.Query["partnerId"].ToString() is { Length: > 0 } p ? p : null;
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Statuses.Contains(status))
        {
            errors["status"] = [$"must be one of {string.Join(", ", Statuses)}"];
        }

        if (partnerId is not null && !Ids.IsValid(partnerId))
        {
            errors["partnerId"] = [Ids.Message];
        }

        return await gate.AdminAsync(req) ?? page.Problem ?? (errors.Count > 0 ? RequestBody.Invalid(errors) : null)
            ?? (await orders.PageAsync(status, partnerId, page.Value.Limit, page.Value.Continuation, ct)).ToResult(200);
    }
}
