using System.ComponentModel.DataAnnotations;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Workers;

/// <summary>The admin's body for creating or updating a worker. Points can't be set here: fields such as balance are ignored.</summary>
internal sealed class WorkerRequest
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(50, MinimumLength = 1)]
    public string? DisplayName { get; set; }

    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? UnitId { get; set; }
}

internal sealed class LinkRequest
{
    /// <summary>Raise the worker's token version first, so every earlier link stops working.</summary>
    public bool RevokePrevious { get; set; }
}

internal sealed record LinkResponse(string WorkerId, string Url, string Token, DateTimeOffset ExpiresAt, int TokenVersion);

internal sealed record ImportError(int Line, string Message);
