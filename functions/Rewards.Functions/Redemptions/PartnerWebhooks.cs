using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Partners;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Redemptions;

internal sealed record PartnerNotification(string PartnerId, string RedemptionId, string Event);

/// <summary>
/// Partner webhooks, off the saga's path: the saga only enqueues a notification; this queue trigger posts
/// it, signed as <c>X-Rewards-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, t + "." + body)}</c>,
/// through one standard resilience handler (retry with jitter, circuit breaker, timeouts). A partner that
/// stays down only delays its own notifications, which end in the poison queue; the order is in the portal
/// and the partner API either way.
/// </summary>
internal sealed class PartnerWebhooks(QueueServiceClient queues, IOptions<StorageOptions> storage, IHttpClientFactory http, PartnersTable partners, OrdersTable orders, IOptions<IdentityOptions> identity, TimeProvider clock, ILogger<PartnerWebhooks> log)
{
    public const string Client = "partner-webhooks";

    public Task EnqueueAsync(string partnerId, string redemptionId, string @event, CancellationToken ct) =>
        queues.GetQueueClient(storage.Value.Queue(StorageNames.PartnerNotificationQueue)).SendMessageAsync(Json.Serialize(new PartnerNotification(partnerId, redemptionId, @event)), ct);

    [Function("NotifyPartner")]
    public async Task Notify([QueueTrigger(StorageNames.PartnerNotificationQueue)] string message, CancellationToken ct)
    {
        var n = Json.Deserialize<PartnerNotification>(message) ?? throw new InvalidOperationException("An empty notification.");
        var secret = identity.Value.PartnerWebhookSecret;
        if (string.IsNullOrEmpty(secret) || await partners.FindAsync(n.PartnerId, ct) is not { } partner || await orders.FindAsync(n.PartnerId, n.RedemptionId, ct) is not { } order)
        {
            log.LogWarning("Notification {Event} for {RedemptionId} not sent: no secret, partner or order", n.Event, n.RedemptionId);
            return;
        }

        var body = Json.Serialize(new { @event = n.Event, order = FulfilmentUseCase.ToView(order) });
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, partner.WebhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Rewards-Signature", $"t={timestamp},v1={Sign(secret, timestamp, body)}");
        request.Headers.Add("X-Rewards-Event", n.Event);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AnkangRewards", "1.0"));
        using var response = await http.CreateClient(Client).SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        log.LogInformation("Notified {PartnerId} of {Event} for {RedemptionId}", n.PartnerId, n.Event, n.RedemptionId);
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
