using System.Globalization;
using Microsoft.AspNetCore.Http;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Http;

/// <summary>Query-string parameters shared by list endpoints: ?limit= and ?cursor=.</summary>
internal static class Query
{
    public static Bound<(int Limit, string? Continuation)> Page(HttpRequest req, int defaultLimit = 20, int maxLimit = 100)
    {
        var limit = defaultLimit;
        if (req.Query.TryGetValue("limit", out var raw) && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit))
        {
            return new(default, RequestBody.Invalid(new Dictionary<string, string[]> { ["limit"] = [$"must be a whole number from 1 to {maxLimit}"] }));
        }

        return Cursor.TryDecode(req.Query["cursor"], out var continuation)
            ? new((limit, continuation), null)
            : new(default, ApiResults.Problem(400, ProblemCodes.InvalidCursor, "Invalid cursor", "The cursor is not one this API handed out."));
    }
}
