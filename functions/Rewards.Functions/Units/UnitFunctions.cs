using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Admin;
using Rewards.Functions.Audit;
using Rewards.Functions.Http;

namespace Rewards.Functions.Units;

internal sealed class UnitFunctions(AdminCrud admin, UnitsTable units)
{
    private static readonly AdminResource Units = new("Unit", ProblemCodes.UnitNotFound, WhenTaken: null);

    [Function("AdminListUnits")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/units")] HttpRequest req, CancellationToken ct) =>
        admin.ReadAsync(req, async () => new UnitList([.. (await units.AllAsync(ct)).OrderBy(u => u.Id, StringComparer.Ordinal)]));

    [Function("AdminCreateUnit")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/units")] HttpRequest req, CancellationToken ct) =>
        admin.CreateAsync<UnitRequest, Unit>(req, Units, unit => units.AddAsync(unit, ct).Then(unit), ct);

    [Function("AdminRenameUnit")]
    public Task<IActionResult> Rename([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/units/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.PutAsync<UnitRename, string>(req, Units, id, name => units.RenameAsync(id, name, ct).Then(before => Renamed(req, before, name)), ct);

    /// <summary>The audit entry keeps the old name.</summary>
    private static Unit Renamed(HttpRequest req, Unit before, string name)
    {
        AdminAudit.Before(req, $"name: {before.Name}");
        return before with { Name = name };
    }
}
