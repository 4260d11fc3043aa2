using System.ComponentModel.DataAnnotations;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Units;

internal sealed class UnitRequest
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(50, MinimumLength = 1)]
    public string? Name { get; set; }
}

internal sealed class UnitRename
{
    [Required, StringLength(50, MinimumLength = 1)]
    public string? Name { get; set; }
}

internal sealed record UnitList(IReadOnlyList<Unit> Items);
