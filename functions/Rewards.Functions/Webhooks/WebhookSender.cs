using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Partners;
using Rewards.Functions.Redemptions;

namespace Rewards.Functions.Webhooks;

/// <summary>Counts the HTTP tries of one send: it sits inside the resilience handler, so it sees every retry.</summary>
internal sealed class TryCounter : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<StrongBox<int>> Key = new("rewards.webhook.tries");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Key, out var tries))
        {
            Interlocked.Increment(ref tries.Value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Sends one partner event: signed with the partner's own secret (both secrets during a rotation's overlap), through
/// the partner's own resilience pipeline (retries, timeouts, circuit breaker, selected by the URL's authority), to an
/// address checked at connect time, never following a redirect. A failed pass is queued again with a growing delay,
/// so the queue never waits on one partner; an event still failing a day after it was first queued goes to
/// notify-partner-poison, from where an admin can replay it. Every pass is recorded for the partner to see.
/// </summary>
internal sealed class WebhookSender(PartnersTable partners, DeliveriesTable deliveries, WebhookAddresses addresses, OrderEvents events, PoisonEvents poison, IHttpClientFactory http, TimeProvider clock, ILogger<WebhookSender> log)
{
    public const string Client = "partner-webhooks";
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(1);

    public async Task SendAsync(PartnerEventMessage m, CancellationToken ct)
    {
        await events.DoneAsync(m, ct);
        if (await partners.FindAsync(m.PartnerId, ct) is not { WebhookUrl: { } url })
        {
            log.LogInformation("Event {EventId} not sent: partner {PartnerId} has no webhook", m.EventId, m.PartnerId);
            return;
        }

        var (status, tries, error) = addresses.FormProblem(url) is { } problem
            ? (0, 0, $"refused: the URL {problem}")
            : await PostAsync(url, m, await partners.SigningSecretsAsync(m.PartnerId, ct), ct);
        var now = clock.GetUtcNow();
        var attempts = m.Attempts + Math.Max(tries, 1);
        var delivered = status is >= 200 and < 300;
        var outcome = delivered ? "delivered" : now - m.Since >= GiveUpAfter ? "poisoned" : "retrying";
        if (outcome == "retrying")
        {
            await events.EnqueueAsync(m with { Attempts = attempts, Passes = m.Passes + 1 }, Backoff(m.Passes + 1), ct);
        }
        else if (outcome == "poisoned")
        {
            await poison.AddAsync(m with { Attempts = attempts, Passes = m.Passes + 1 }, ct);
        }

        try
        {
            await deliveries.RecordAsync(m.PartnerId, m.Since, new Delivery(m.EventId, m.Type, now, status, outcome, attempts, error), ct);
        }
        catch (Exception e)
        {
            // The delivery (or its retry message) is done: a failed record must not redeliver this message and
            // multiply the event. The list of recent deliveries misses one line.
            log.LogWarning(e, "Delivery of {EventId} to {PartnerId} not recorded", m.EventId, m.PartnerId);
        }

        log.LogInformation("Event {EventId} ({Type}) to {PartnerId}: {Outcome}, HTTP {Status}, {Attempts} tries", m.EventId, m.Type, m.PartnerId, outcome, status, attempts);
    }

    /// <summary>The header: t={unix seconds},v1={hex HMAC-SHA256(secret, t + "." + body)}, one v1 per secret that signs now.</summary>
    public static string Signature(IEnumerable<string> secrets, long timestamp, string body)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var data = Encoding.UTF8.GetBytes($"{t}.{body}");
        return $"t={t}," + string.Join(",", secrets.Select(s => "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(s), data))));
    }

    /// <summary>10 s, 30 s, 2 min, 10 min, then every 30 min until the day is up.</summary>
    public static TimeSpan Backoff(int pass) => pass switch
    {
        <= 1 => TimeSpan.FromSeconds(10),
        2 => TimeSpan.FromSeconds(30),
        3 => TimeSpan.FromMinutes(2),
        4 => TimeSpan.FromMinutes(10),
        _ => TimeSpan.FromMinutes(30),
    };

    private async Task<(int Status, int Tries, string? Error)> PostAsync(string url, PartnerEventMessage m, IReadOnlyList<string> secrets, CancellationToken ct)
    {
        if (secrets.Count == 0)
        {
            return (0, 0, "no signing secret: rotate the webhook secret");
        }

        var tries = new StrongBox<int>();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(m.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Rewards-Signature", Signature(secrets, clock.GetUtcNow().ToUnixTimeSeconds(), m.Body));
        request.Headers.Add("X-Rewards-Event", m.Type);
        request.Headers.Add("X-Rewards-Event-Id", m.EventId);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AnkangRewards", "1.0"));
        request.Options.Set(TryCounter.Key, tries);
        try
        {
            using var response = await http.CreateClient(Client).SendAsync(request, ct);
            return ((int)response.StatusCode, tries.Value, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or Polly.ExecutionRejectedException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var refused = Refusal(e);
            return (0, tries.Value, refused?.Message ?? e.Message);
        }
    }

    private static WebhookAddressRefusedException? Refusal(Exception? e) =>
        e is null ? null : e as WebhookAddressRefusedException ?? Refusal(e.InnerException);
}
