using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Reports;

internal sealed class ReportFunctions(Gate gate, ReportSources reports, RulesStore rules, TimeProvider clock)
{
    /// <summary>GET /api/admin/reports/{name}?from=&amp;to=&amp;unitId=&amp;format=json|csv; from and to are local dates of the program (to inclusive), by default the last 30 days.</summary>
    [Function("AdminReport")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/reports/{name}")] HttpRequest req, string name, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var snapshot = await rules.GetAsync(ct);
        var today = snapshot.Today(clock.GetUtcNow());
        var errors = new Dictionary<string, string[]>();
        var from = Day(req.Query["from"], today.AddDays(-29), "from", errors);
        var to = Day(req.Query["to"], today, "to", errors);
        var format = req.Query["format"].FirstOrDefault() ?? "json";
        if (format is not ("json" or "csv"))
        {
            errors["format"] = ["must be json or csv"];
        }

        if (errors.Count == 0 && from > to)
        {
            errors["from"] = ["must not be after to"];
        }

        if (errors.Count > 0)
        {
            return RequestBody.Invalid(errors);
        }

        var query = new ReportQuery(snapshot.Instant(from.ToDateTime(TimeOnly.MinValue)), snapshot.Instant(to.AddDays(1).ToDateTime(TimeOnly.MinValue)), req.Query["unitId"].FirstOrDefault() is { Length: > 0 } u ? u : null);
        return reports.For(name, query) is { } report
            ? new ReportResult(report, format == "csv")
            : ApiResults.Problem(404, ProblemCodes.ReportNotFound, "Report not found", $"There is no report '{name}'; there are {string.Join(", ", ReportSources.Names)}.");
    }

    /// <summary>A report's local date parameter (yyyy-MM-dd), or the fallback when absent; a bad one is recorded in <paramref name="errors"/>.</summary>
    internal static DateOnly Day(string? text, DateOnly fallback, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[field] = ["must be a date, yyyy-MM-dd"];
        return fallback;
    }
}
