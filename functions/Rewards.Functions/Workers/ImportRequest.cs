using Microsoft.AspNetCore.Http;
using Rewards.Functions.Http;

namespace Rewards.Functions.Workers;

/// <summary>
/// A CSV import request: <c>?from=</c> (the first line to save; earlier lines are read only to find duplicate ids)
/// and <c>?limit=</c> (at most this many lines saved by this request), and the file itself, checked as hostile
/// input: at most 2 MiB, refused before anything is decoded, and UTF-8 text with no NUL, judged by its bytes.
/// </summary>
internal sealed record ImportRequest(string Text, int From, int Limit)
{
    public const int MaxBytes = 2 * 1024 * 1024;

    public static async Task<Bound<ImportRequest>> ReadAsync(HttpRequest req, CancellationToken ct)
    {
        var from = Number(req, "from", 2);
        var limit = Number(req, "limit", int.MaxValue);
        if (from is null or < 2 || limit is null or < 1)
        {
            return new(null, ApiResults.Problem(400, ProblemCodes.ValidationFailed, "Validation failed", "from must be a line number of 2 or more (the header is line 1), limit a number of lines of 1 or more."));
        }

        var body = await RequestBody.ReadBytesAsync(req, MaxBytes, ct);
        if (body.Problem is not null)
        {
            return new(null, body.Problem);
        }

        return WorkerCsv.Decode(body.Value!) is { } text
            ? new(new ImportRequest(text, from.Value, limit.Value), null)
            : new(null, ApiResults.Problem(415, ProblemCodes.UnsupportedMediaType, "Unsupported media type", "The file is not CSV text: it must be UTF-8 (Excel: 另存为 CSV UTF-8), with no binary content."));
    }

    private static int? Number(HttpRequest req, string name, int fallback)
    {
        var value = req.Query[name].FirstOrDefault();
        return value is null ? fallback : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
