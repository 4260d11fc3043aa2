using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Rewards.Functions.Http;

/// <summary>The Idempotency-Key header every point-moving POST requires. Keys become part of row keys, so they may not hold the characters keys forbid.</summary>
internal static partial class IdempotencyKey
{
    public static Bound<string> Read(HttpRequest req)
    {
        var key = req.Headers["Idempotency-Key"].ToString();
        return Pattern().IsMatch(key)
            ? new(key, null)
            : new(null, ApiResults.Problem(400, ProblemCodes.IdempotencyKeyRequired, "Idempotency-Key required", "Send an Idempotency-Key header of 1 to 100 letters, digits or - _ . : @ = +."));
    }

    /// <summary>What a key may hold, as the OpenAPI document states it.</summary>
    public const string PatternText = @"^[A-Za-z0-9_.:@=+-]{1,100}$";

    [GeneratedRegex(PatternText)]
    private static partial Regex Pattern();
}
