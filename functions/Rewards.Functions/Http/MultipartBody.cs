using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Rewards.Functions.Http;

/// <summary>One part of a multipart/form-data body: a field or a file, its bytes as sent.</summary>
internal sealed record FormPart(string Name, string? FileName, byte[] Data)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Data);
}

/// <summary>
/// Reads a multipart/form-data body with a hard limit on its size, counted while reading (a declared
/// Content-Length over the limit is refused before a byte is read). Callers check the credential first.
/// </summary>
internal static class MultipartBody
{
    private const int MaxParts = 16;

    public static async Task<Bound<IReadOnlyDictionary<string, FormPart>>> ReadAsync(HttpRequest req, int limit, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(req.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
        {
            return new(null, ApiResults.Problem(415, ProblemCodes.UnsupportedMediaType, "Unsupported media type", "Send the report as multipart/form-data."));
        }

        if (req.ContentLength > limit)
        {
            return new(null, TooLarge(limit));
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await req.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + n > limit)
            {
                return new(null, TooLarge(limit));
            }

            body.Write(buffer, 0, n);
        }

        body.Position = 0;
        var reader = new MultipartReader(boundary, body) { HeadersCountLimit = 8, HeadersLengthLimit = 4096 };
        var parts = new Dictionary<string, FormPart>(StringComparer.Ordinal);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                {
                    return new(null, Malformed("Every part needs Content-Disposition: form-data with a name."));
                }

                if (parts.Count == MaxParts || parts.ContainsKey(name))
                {
                    return new(null, Malformed($"The form may hold up to {MaxParts} parts, each name once."));
                }

                using var data = new MemoryStream();
                await section.Body.CopyToAsync(data, ct);
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? disposition.FileNameStar.Value;
                parts[name] = new FormPart(name, fileName, data.ToArray());
            }
        }
        catch (IOException e)
        {
            return new(null, Malformed($"The multipart body is malformed: {e.Message}"));
        }

        return new(parts, null);
    }

    private static Microsoft.AspNetCore.Mvc.ContentResult TooLarge(int limit) =>
        ApiResults.Problem(413, ProblemCodes.PayloadTooLarge, "Payload too large", $"The body may be at most {limit / (1024 * 1024)} MiB.");

    private static Microsoft.AspNetCore.Mvc.ContentResult Malformed(string detail) =>
        ApiResults.Problem(400, ProblemCodes.MalformedMultipart, "Malformed form", detail);
}
