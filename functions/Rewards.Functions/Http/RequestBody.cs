using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Rewards.Functions.Http;

/// <summary>A bound request: the value, or the problem to answer with. Nothing has been changed either way.</summary>
internal readonly record struct Bound<T>(T? Value, IActionResult? Problem);

/// <summary>Reads request bodies with a size limit, strict JSON types and data-annotation validation.</summary>
internal static class RequestBody
{
    public const int DefaultLimit = 64 * 1024;

    public static async Task<Bound<string>> ReadTextAsync(HttpRequest req, int limit, CancellationToken ct)
    {
        var bytes = await ReadBytesAsync(req, limit, ct);
        return bytes.Problem is not null ? new(null, bytes.Problem) : new(Encoding.UTF8.GetString(bytes.Value!.Value.Span), null);
    }

    /// <summary>The raw body, refused (413) past <paramref name="limit"/> bytes before anything is decoded.</summary>
    public static async Task<Bound<ReadOnlyMemory<byte>?>> ReadBytesAsync(HttpRequest req, int limit, CancellationToken ct)
    {
        if (req.ContentLength > limit)
        {
            return new(null, TooLarge(limit));
        }

        var buffer = new byte[limit + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await req.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return read > limit ? new(null, TooLarge(limit)) : new(buffer.AsMemory(0, read), null);
    }

    public static async Task<Bound<T>> ReadJsonAsync<T>(HttpRequest req, CancellationToken ct, int limit = DefaultLimit)
        where T : class
    {
        if (req.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, ApiResults.Problem(415, ProblemCodes.UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        var text = await ReadTextAsync(req, limit, ct);
        if (text.Problem is not null)
        {
            return new(null, text.Problem);
        }

        return Parse<T>(text.Value!);
    }

    /// <summary>Like <see cref="ReadJsonAsync{T}"/>, but an empty body means a default request.</summary>
    public static async Task<Bound<T>> ReadOptionalJsonAsync<T>(HttpRequest req, CancellationToken ct)
        where T : class, new()
    {
        var text = await ReadTextAsync(req, DefaultLimit, ct);
        return text.Problem is not null ? new(null, text.Problem)
            : string.IsNullOrWhiteSpace(text.Value) ? new(new T(), null)
            : Parse<T>(text.Value);
    }

    public static Bound<T> Parse<T>(string text)
        where T : class
    {
        JToken token;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, MaxDepth = 16 };
            token = JToken.ReadFrom(reader);
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
            {
                throw new JsonReaderException("Unexpected content after the JSON value.");
            }
        }
        catch (JsonReaderException e)
        {
            return new(null, ApiResults.Problem(400, ProblemCodes.MalformedJson, "Malformed JSON", $"The body is not valid JSON: {e.Message}"));
        }

        if (token is not JObject)
        {
            return new(null, ApiResults.Problem(400, ProblemCodes.MalformedJson, "Malformed JSON", "The body must be a JSON object."));
        }

        var typeErrors = TypeErrors(typeof(T), (JObject)token);
        if (typeErrors.Count > 0)
        {
            return new(null, Invalid(typeErrors));
        }

        T? value;
        try
        {
            value = token.ToObject<T>(JsonSerializer.Create(Json.Settings));
        }
        catch (JsonException e)
        {
            var field = e switch
            {
                JsonSerializationException s when !string.IsNullOrEmpty(s.Path) => s.Path,
                JsonReaderException r when !string.IsNullOrEmpty(r.Path) => r.Path,
                _ => "body",
            };
            return new(null, Invalid(new Dictionary<string, string[]> { [field] = ["has the wrong type"] }));
        }

        if (value is null)
        {
            return new(null, ApiResults.Problem(400, ProblemCodes.MalformedJson, "Malformed JSON", "The body is empty; a JSON object is expected."));
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            var errors = results
                .SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : ["body"]).Select(m => (Member: Camel(m), r.ErrorMessage)))
                .GroupBy(e => e.Member)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "is invalid").ToArray());
            return new(null, Invalid(errors));
        }

        return new(value, null);
    }

    public static IActionResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        ApiResults.Problem(400, ProblemCodes.ValidationFailed, "Invalid request", "One or more fields are missing or invalid.", errors);

    private static IActionResult TooLarge(int limit) =>
        ApiResults.Problem(413, ProblemCodes.PayloadTooLarge, "Payload too large", $"The body may be at most {limit} bytes.");

    /// <summary>JSON types must match exactly, at any depth: "5" is not a number and 5 is not a name, whatever a lenient binder would make of them.</summary>
    private static Dictionary<string, string[]> TypeErrors(Type type, JObject body)
    {
        var errors = new Dictionary<string, string[]>();
        Check(type, body, "", errors);
        return errors;
    }

    private static void Check(Type type, JToken token, string path, Dictionary<string, string[]> errors)
    {
        if (token.Type == JTokenType.Null)
        {
            return;
        }

        var t = Nullable.GetUnderlyingType(type) ?? type;
        var (expected, name) = t == typeof(string) ? (JTokenType.String, "a string")
            : t == typeof(int) || t == typeof(long) ? (JTokenType.Integer, "a whole number")
            : t == typeof(decimal) || t == typeof(double) ? (JTokenType.Float, "a number")
            : t == typeof(bool) ? (JTokenType.Boolean, "true or false")
            : t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? (JTokenType.Object, "an object")
            : t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) ? (JTokenType.Array, "a list")
            : t.IsClass ? (JTokenType.Object, "an object")
            : (JTokenType.None, "");
        var ok = expected == JTokenType.None || token.Type == expected || (expected == JTokenType.Float && token.Type == JTokenType.Integer);
        var at = path.Length == 0 ? "body" : path;
        if (!ok)
        {
            errors[at] = [$"must be {name}"];
            return;
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            foreach (var property in ((JObject)token).Properties())
            {
                Check(t.GetGenericArguments()[1], property.Value, $"{path}.{property.Name}".TrimStart('.'), errors);
            }
        }
        else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
        {
            var index = 0;
            foreach (var item in (JArray)token)
            {
                Check(t.GetGenericArguments()[0], item, $"{path}[{index++}]", errors);
            }
        }
        else if (expected == JTokenType.Object)
        {
            foreach (var property in t.GetProperties().Where(p => p.CanWrite))
            {
                if (((JObject)token).GetValue(property.Name, StringComparison.OrdinalIgnoreCase) is { } value)
                {
                    Check(property.PropertyType, value, $"{path}.{Camel(property.Name)}".TrimStart('.'), errors);
                }
            }
        }
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
