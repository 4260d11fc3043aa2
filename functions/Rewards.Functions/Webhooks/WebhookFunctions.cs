using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Redemptions;

namespace Rewards.Functions.Webhooks;

internal sealed class WebhookFunctions(WebhookSender sender, OrderEvents events, PoisonEvents poison, Gate gate, TimeProvider clock, ILogger<WebhookFunctions> log)
{
    [Function("NotifyPartner")]
    public Task Notify([QueueTrigger(Storage.StorageNames.PartnerNotificationQueue)] string message, CancellationToken ct) =>
        sender.SendAsync(Json.Deserialize<PartnerEventMessage>(message) ?? throw new InvalidOperationException("An empty partner event."), ct);

    /// <summary>Publishes partner events whose publish after the commit did not happen (a crash, a storage error).</summary>
    [Function("SweepPartnerOutbox")]
    public async Task Sweep([TimerTrigger("30 */1 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var published = await events.SweepAsync(clock.GetUtcNow() - OrderEvents.Grace, ct);
        if (published > 0)
        {
            log.LogWarning("Partner outbox sweep published {Count} left-behind events", published);
        }
    }

    /// <summary>Events that failed for a day: the count and the first 32.</summary>
    [Function("AdminListPoisonEvents")]
    public async Task<IActionResult> ListPoison([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/webhooks/poison")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(await poison.ListAsync(ct));

    /// <summary>Sends every poisoned event again, each with a new day to be delivered.</summary>
    [Function("AdminReplayPoisonEvents")]
    public async Task<IActionResult> Replay([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/webhooks/poison/replay")] HttpRequest req, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var replayed = await poison.ReplayAsync(ct);
        log.LogInformation("Replayed {Count} poisoned partner events", replayed);
        return ApiResults.Ok(new ReplayResult(replayed));
    }
}
