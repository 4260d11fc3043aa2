using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Domain;
using Rewards.Domain.Earning;
using Rewards.Functions.Admin;

namespace Rewards.Functions.Rules;

internal sealed class RulesFunctions(AdminCrud admin, RulesStore rules, ILogger<RulesFunctions> log)
{
    [Function("AdminGetRules")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/rules")] HttpRequest req, CancellationToken ct) =>
        admin.ReadAsync(req, async () => (await rules.GetAsync(ct)).Rules);

    [Function("AdminPutRules")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/rules")] HttpRequest req, CancellationToken ct) =>
        admin.DecideAsync<RulesRequest, ProgramRules, ProgramRules>(req, null, next => SaveAsync(next, ct), 200, ct);

    private async Task<Decision<ProgramRules>> SaveAsync(ProgramRules next, CancellationToken ct)
    {
        await rules.SaveAsync(next, ct);
        log.LogInformation("Rules replaced: zone {Zone}, daily cap {Cap}", next.TimeZone, next.DailyCap);
        return next;
    }
}
