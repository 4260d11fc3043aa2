using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Audit;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Units;

internal sealed class UnitFunctions(Gate gate, UnitsTable units)
{
    [Function("AdminListUnits")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/units")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(new UnitList([.. (await units.AllAsync(ct)).OrderBy(u => u.Id, StringComparer.Ordinal)]));

    [Function("AdminCreateUnit")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/units")] HttpRequest req, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var body = await RequestBody.ReadJsonAsync<UnitRequest>(req, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var unit = new Unit(body.Value!.Id!, body.Value.Name!.Trim());
        return await units.AddAsync(unit, ct)
            ? ApiResults.Created(unit)
            : ApiResults.Problem(409, ProblemCodes.AlreadyExists, "Already exists", $"There is already a unit '{unit.Id}'.");
    }

    [Function("AdminRenameUnit")]
    public async Task<IActionResult> Rename([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/units/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var body = await RequestBody.ReadJsonAsync<UnitRename>(req, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var name = body.Value!.Name!.Trim();
        if (await units.RenameAsync(id, name, ct) is not { } before)
        {
            return ApiResults.Problem(404, ProblemCodes.UnitNotFound, "Unit not found", $"There is no unit '{id}'.");
        }

        AdminAudit.Before(req, $"name: {before.Name}");
        return ApiResults.Ok(new Unit(id, name));
    }
}
