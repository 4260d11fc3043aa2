using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Redemptions;

internal sealed class RedemptionFunctions(Gate gate, RedemptionUseCase redemptions, ReservationUseCase reservations, FulfilmentUseCase fulfilment)
{
    [Function("RequestRedemption")]
    public async Task<IActionResult> Request([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/redemptions")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        var body = await RequestBody.ReadJsonAsync<RedemptionRequest>(req, ct);
        var key = IdempotencyKey.Read(req);
        return denied ?? body.Problem ?? key.Problem ?? (await redemptions.RequestAsync(worker!, body.Value!, key.Value!, ct)).ToResult(202);
    }

    [Function("GetRedemption")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/redemptions/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await redemptions.GetAsync(worker!, id, ct)).ToResult(200);
    }

    /// <summary>Allowed until the partner accepts; a cancel racing an accept has exactly one winner.</summary>
    [Function("CancelRedemption")]
    public async Task<IActionResult> Cancel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/redemptions/{id}/cancel")] HttpRequest req, string id, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await fulfilment.CancelAsync(worker!, id, ct)).ToResult(200);
    }

    [Function("GetMyRedemptions")]
    public async Task<IActionResult> Mine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me/redemptions")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await redemptions.MineAsync(worker!, ct)).ToResult(200);
    }

    /// <summary>A message the saga cannot act on fails before any effect, every time, and so ends in redemptions-poison.</summary>
    [Function("ReserveRedemption")]
    public async Task Reserve([QueueTrigger(StorageNames.RedemptionQueue)] string message, CancellationToken ct)
    {
        var m = Json.Deserialize<RedemptionMessage>(message);
        if (m is null || string.IsNullOrEmpty(m.RedemptionId) || string.IsNullOrEmpty(m.WorkerId) || string.IsNullOrEmpty(m.RewardId) || string.IsNullOrEmpty(m.PartnerId) || m.Quantity < 1 || m.Points < 1)
        {
            // Never the message itself: it carries the worker's delivery name, phone and address.
            throw new InvalidOperationException($"A redemption message the saga cannot act on (redemption '{m?.RedemptionId ?? "?"}', {message.Length} characters).");
        }

        await reservations.ReserveAsync(m, ct);
    }
}
