using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Audit;

internal sealed class AuditFunctions(Gate gate, AuditLog log, TimeProvider clock)
{
    /// <summary>GET /api/admin/audit?from=&amp;to=&amp;action=&amp;cursor=: newest first; from and to are dates (UTC) or instants, by default the last 30 days.</summary>
    [Function("AdminAudit")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/audit")] HttpRequest req, CancellationToken ct)
    {
        var page = Query.Page(req, 50, 200);
        if ((await gate.AdminAsync(req) ?? page.Problem) is { } problem)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var from = Instant(req.Query["from"], now.AddDays(-30), endOfDay: false);
        var to = Instant(req.Query["to"], now, endOfDay: true);
        // A month is one partition, so a range costs at least one query per month: at most about a year per request.
        if (from is null || to is null || from > to || to - from > TimeSpan.FromDays(400))
        {
            return RequestBody.Invalid(new Dictionary<string, string[]> { ["from"] = ["from and to must be dates (yyyy-MM-dd) or ISO 8601 instants, from before to, at most 400 days apart"] });
        }

        var cursor = page.Value.Continuation;
        if (cursor is not null && (cursor.Length < 7 || !DateTime.TryParseExact(cursor[..7], "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            return ApiResults.Problem(400, ProblemCodes.InvalidCursor, "Invalid cursor", "The cursor is not one this API handed out.");
        }

        var action = req.Query["action"].FirstOrDefault() is { Length: > 0 } a ? a : null;
        var result = await log.ListAsync(from.Value, to.Value, action, page.Value.Limit, cursor, ct);
        return ApiResults.Ok(result with { NextCursor = Cursor.Encode(result.NextCursor) });
    }

    private static DateTimeOffset? Instant(string? text, DateTimeOffset fallback, bool endOfDay) =>
        string.IsNullOrEmpty(text) ? fallback
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(endOfDay ? TimeOnly.MaxValue : TimeOnly.MinValue), TimeSpan.Zero)
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
