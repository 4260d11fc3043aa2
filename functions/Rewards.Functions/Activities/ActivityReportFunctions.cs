using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Activities;

/// <summary>The participation report, beside the console's other reports under /api/admin/reports/.</summary>
internal sealed class ActivityReportFunctions(Gate gate, ActivityReports reports, RulesStore rules, TimeProvider clock)
{
    /// <summary>?from=&amp;to= are local dates of the program (to inclusive; the last 30 days by default), ?unitId= narrows to one unit, ?format=json|csv.</summary>
    [Function("AdminActivityReport")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/reports/activities")] HttpRequest req, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var snapshot = await rules.GetAsync(ct);
        var today = snapshot.Today(clock.GetUtcNow());
        var errors = new Dictionary<string, string[]>();
        var from = Reports.ReportFunctions.Day(req.Query["from"], today.AddDays(-29), "from", errors);
        var to = Reports.ReportFunctions.Day(req.Query["to"], today, "to", errors);
        var format = req.Query["format"].FirstOrDefault() ?? "json";
        var unitId = req.Query["unitId"].FirstOrDefault() is { Length: > 0 } u ? u : null;
        if (format is not ("json" or "csv"))
        {
            errors["format"] = ["must be json or csv"];
        }

        if (unitId is not null && !Ids.IsValid(unitId))
        {
            errors["unitId"] = [$"{Ids.Message}"];
        }

        if (errors.Count == 0 && (from > to || to.DayNumber - from.DayNumber > 366))
        {
            errors["from"] = ["must not be after to, nor more than a year before it"];
        }

        if (errors.Count > 0)
        {
            return RequestBody.Invalid(errors);
        }

        var report = await reports.CountAsync(from, to, unitId, snapshot, ct);
        req.HttpContext.Response.Headers.CacheControl = "no-store";
        return format == "json"
            ? ApiResults.Ok(report)
            : new FileContentResult(ActivityReports.Csv(report), "text/csv; charset=utf-8") { FileDownloadName = $"activities-{report.From}-{report.To}.csv" };
    }
}
