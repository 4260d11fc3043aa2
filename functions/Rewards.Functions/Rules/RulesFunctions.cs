using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Domain.Earning;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Rules;

internal sealed class RulesFunctions(Gate gate, RulesStore rules, ILogger<RulesFunctions> log)
{
    [Function("AdminGetRules")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/rules")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok((await rules.GetAsync(ct)).Rules);

    [Function("AdminPutRules")]
    public async Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/rules")] HttpRequest req, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<RulesRequest>(req, ct);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return problem;
        }

        var next = body.Value!.ToRules();
        var errors = RulesCheck.Errors(next).ToDictionary(e => e.Key, e => new[] { e.Value });
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(next.TimeZone, out _))
        {
            errors["timeZone"] = [$"'{next.TimeZone}' is not a known IANA time zone, such as Asia/Shanghai"];
        }

        if (errors.Count > 0)
        {
            return RequestBody.Invalid(errors);
        }

        await rules.SaveAsync(next, ct);
        log.LogInformation("Rules replaced: zone {Zone}, daily cap {Cap}", next.TimeZone, next.DailyCap);
        return ApiResults.Ok(next);
    }
}
