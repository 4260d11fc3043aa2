using System.ComponentModel.DataAnnotations;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Units;

internal sealed class UnitRequest : IAdminBody<Unit>
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(50, MinimumLength = 1)]
    public string? Name { get; set; }

    public Checked<Unit> Check() => Checked<Unit>.Good(new Unit(Id!, Name!.Trim()));
}

/// <summary>A unit's new name; the URL names the unit.</summary>
internal sealed class UnitRename : IAdminBody<string>
{
    [Required, StringLength(50, MinimumLength = 1)]
    public string? Name { get; set; }

    public Checked<string> Check() => Checked<string>.Good(Name!.Trim());
}

internal sealed record UnitList(IReadOnlyList<Unit> Items);
