using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Audit;

/// <summary>
/// Every admin write is audited at the edge, by both hosts (the worker's <see cref="AuditMiddleware"/>, the
/// DevHost around each HTTP trigger), so no admin endpoint, present or future, can forget it. The record is
/// written before the function runs: if it cannot be written the write does not happen (the caller gets a
/// 503 and may retry). After the function it is completed with the outcome; a refusal (4xx) changed nothing,
/// so its record is removed. A record left "pending" (the completion failed) or "unknown" (the function
/// failed) says an attempt was made whose effect must be checked; no write goes unrecorded.
/// </summary>
internal sealed partial class AdminAudit(AuditLog log, AdminKeys keys, TimeProvider clock, ILogger<AdminAudit> logger)
{
    private const string BeforeItem = "rewards.audit.before";
    private const int SummaryLength = 400;

    /// <summary>Lets a function say what the target looked like before it changed it.</summary>
    public static void Before(HttpRequest req, string summary) => req.HttpContext.Items[BeforeItem] = Truncate(summary);

    public async Task AroundAsync(HttpContext http, string action, Func<Task<int>> invoke)
    {
        if (KeyIdOf(http.Request) is not { } keyId)
        {
            await invoke();
            return;
        }

        var ct = http.RequestAborted;
        var record = await log.BeginAsync(clock.GetUtcNow(), keyId, action, http.Request.Method, await TargetAsync(http.Request, ct), await SummaryAsync(http.Request, ct), CancellationToken.None);
        int status;
        try
        {
            status = await invoke();
        }
        catch
        {
            await FinishAsync(record with { Outcome = AuditLog.Unknown }, discard: false);
            throw;
        }

        var before = http.Items.TryGetValue(BeforeItem, out var b) ? b as string : null;
        await FinishAsync(record with { Before = before, Status = status, Outcome = status < 300 ? AuditLog.Done : AuditLog.Unknown }, discard: status is >= 400 and < 500);
    }

    /// <summary>The admin's key id for a write under /api/admin/ made with a valid admin key; null for anything else.</summary>
    private string? KeyIdOf(HttpRequest req)
    {
        if (HttpMethods.IsGet(req.Method) || HttpMethods.IsHead(req.Method) || HttpMethods.IsOptions(req.Method)
            || !req.Path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var header = req.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        return key.StartsWith(AdminKeys.Prefix, StringComparison.Ordinal) && keys.IsValid(key) ? KeyId(key) : null;
    }

    /// <summary>A key's id: the first 12 hex digits of its SHA-256, enough to tell keys apart, useless to sign in with.</summary>
    public static string KeyId(string key) => "ak:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];

    private async Task FinishAsync(AuditRecord record, bool discard)
    {
        // The write is committed (or refused) by now: a failure here is logged, never reported to the caller.
        try
        {
            await (discard ? log.DiscardAsync(record, CancellationToken.None) : log.CompleteAsync(record, CancellationToken.None));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Audit record {AuditId} of {Action} stays {Outcome}", record.Id, record.Action, AuditLog.Pending);
        }
    }

    private static async Task<string> TargetAsync(HttpRequest req, CancellationToken ct)
    {
        var path = req.Path.Value!["/api/admin/".Length..];
        if (path.Contains('/', StringComparison.Ordinal))
        {
            return Uri.UnescapeDataString(path);
        }

        // A create names its target in the body: only a text id counts (the body is unchecked here, and may be any shape).
        var body = await PeekAsync(req, ct);
        return body is JObject o && (Text(o["id"]) ?? Text(o["workerId"])) is { } id ? $"{path}/{id}" : path;
    }

    private static string? Text(JToken? token) => token is JValue { Type: JTokenType.String } value ? (string?)value : null;

    private static async Task<string?> SummaryAsync(HttpRequest req, CancellationToken ct) =>
        await PeekAsync(req, ct) switch
        {
            JObject o => Truncate(Redact(o).ToString(Newtonsoft.Json.Formatting.None)),
            // Not JSON (a CSV import, a body cut at 16 KiB): only its size, since it may hold names, keys or secrets.
            JValue { Value: string text } => $"({req.ContentType ?? "body"}, {text.Length} characters)",
            _ => null,
        };

    /// <summary>The start of the body, read without consuming it: JSON as a token, anything else as text.</summary>
    private static async Task<JToken?> PeekAsync(HttpRequest req, CancellationToken ct)
    {
        req.EnableBuffering();
        var buffer = new byte[16 * 1024];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await req.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        req.Body.Position = 0;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JToken.Parse(text);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return new JValue(text);
        }
    }

    /// <summary>Secrets never reach the audit log: any property whose name speaks of a key, secret, token or password is masked.</summary>
    private static JObject Redact(JObject o)
    {
        foreach (var property in o.Descendants().OfType<JProperty>().Where(p => Secretive().IsMatch(p.Name)).ToList())
        {
            property.Value = "***";
        }

        return o;
    }

    private static string Truncate(string s) => s.Length <= SummaryLength ? s : s[..SummaryLength] + "…";

    [GeneratedRegex("key|secret|token|password", RegexOptions.IgnoreCase)]
    private static partial Regex Secretive();
}
