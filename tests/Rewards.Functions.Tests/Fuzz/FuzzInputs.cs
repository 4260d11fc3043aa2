using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Rewards.Functions.Tests.Fuzz;

/// <summary>
/// Generators of hostile input: text from every corner of Unicode (CJK, emoji, controls, bidi overrides,
/// lone surrogates), ids that are real, odd or huge, JSON of any shape with the API's own field names holding
/// plausible or wrong types, bodies that are not JSON at all, and query strings.
/// </summary>
internal static class FuzzInputs
{
    /// <summary>Ids the fuzzed app has (so requests reach past "not found"), and ids it cannot have.</summary>
    public static readonly string[] KnownIds = ["w-1", "w-2", "c-1", "q-1", "r-1", "p-1", "u-1", "health-day", "x"];

    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Words = ["", " ", "安全帽", "电焊作业粉尘防护", "匿名", "a", "null", "true", "0", "-1", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "\\", "\"", "{}", "PartitionKey eq 'x'", "ak_", "wt_", "pk_"];

    private static readonly string[] Fields =
    [
        "id", "title", "kind", "url", "summary", "points", "minSeconds", "active", "workerId", "amount", "reason", "displayName", "unitId",
        "revokePrevious", "contentId", "rewardId", "quantity", "delivery", "answers", "competitionId", "name", "startsAt", "endsAt", "actions",
        "multiplier", "timeZone", "dailyCap", "questions", "questionsPerAttempt", "timeLimitSeconds", "pointsPerCorrect", "rounds", "placings",
        "cost", "stock", "stockShards", "partnerId", "perWorkerLimit", "availableFrom", "availableUntil", "webhookUrl", "contact", "acceptanceDays",
        "trackingNo", "decision", "severity", "of", "anonymousOnBoards", "hazard", "levels", "description", "imageUrl", "options", "answer", "text",
        "quizId", "opensAt", "closesAt", "advance", "balance", "note", "category", "place", "attemptsPerDay", "share", "learning", "quiz",
    ];

    public static Gen<string> Text => Gen.Frequency(
        (4, Gen.Elements(Words)),
        (4, Gen.ListOf(Gen.OneOf(Gen.Elements(Words), Glyph.Select(c => c))).Select(parts => string.Concat(parts))),
        (1, Gen.Choose(200, 70_000).SelectMany(n => Glyph.Select(g => string.Concat(Enumerable.Repeat(g, n / Math.Max(1, g.Length)))))));

    /// <summary>One "character": letters, CJK, an emoji (a surrogate pair), controls, bidi and zero-width marks, a lone surrogate.</summary>
    private static Gen<string> Glyph => Gen.OneOf(
        Gen.Choose('a', 'z').Select(c => ((char)c).ToString()),
        Gen.Choose(0x4E00, 0x9FFF).Select(c => ((char)c).ToString()),
        Gen.Choose(0x1F300, 0x1FAFF).Select(char.ConvertFromUtf32),
        Gen.Choose(0, 0x1F).Select(c => ((char)c).ToString()),
        Gen.Elements("\u202E", "\u200B", "\u0301", "\uFEFF", "\uD800", "\uDFFF", "\u00A0", "/", "#", "?", "%", "|", "'", "\""));

    public static Gen<string> Id => Gen.Frequency(
        (5, Gen.Elements(KnownIds)),
        (2, Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-_.~ ".ToCharArray()), n)).Select(c => new string(c))),
        (2, Text.Where(t => t.Length is > 0 and < 150)),
        (1, Gen.Choose(300, 1500).Select(n => new string('x', n))));

    private static Gen<string> Number => Gen.OneOf(
        Gen.Choose(-3, 120).Select(n => n.ToString(CultureInfo.InvariantCulture)),
        Gen.Elements("2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775809", "1e308", "-1e308", "1e-400", "1.5", "-0", "0.0", "3.0000000000000001", "123456789012345678901234567890"));

    private static Gen<string> Str(Gen<string> text) => text.Select(t => JsonSerializer.Serialize(t, Raw));

    private static Gen<string> Date => Str(Gen.Elements("2026-05-25T00:00:00", "2026-05-26T00:00:00", "2026-13-45T99:00:00", "9999-12-31T23:59:59", "0001-01-01T00:00:00", "2026-05-25", "2026-05-25T00:00:00+08:00", "yesterday"));

    /// <summary>Any JSON value; depth is bounded by the size.</summary>
    public static Gen<string> Value(int size) => size <= 0
        ? Gen.OneOf(Gen.Elements("null", "true", "false"), Number, Str(Text))
        : Gen.Frequency(
            (3, Value(0)),
            (1, Gen.ListOf(Value(size / 2)).Select(items => "[" + string.Join(",", items.Take(8)) + "]")),
            (2, Object(size / 2)));

    /// <summary>An object whose keys are mostly the API's own, each holding a plausible value or a value of the wrong type; keys may repeat.</summary>
    public static Gen<string> Object(int size) =>
        Gen.ListOf(Gen.Frequency((6, Gen.Elements(Fields)), (1, Text.Where(t => t.Length < 100))).SelectMany(key => Gen.Frequency((3, Plausible(key, size)), (1, Value(size))).Select(value => (key, value))))
            .Select(pairs => "{" + string.Join(",", pairs.Take(10).Select(p => JsonSerializer.Serialize(p.key, Raw) + ":" + p.value)) + "}");

    public static Gen<string> Plausible(string key, int size) => key switch
    {
        "id" or "contentId" or "rewardId" or "workerId" or "partnerId" or "quizId" or "competitionId" or "unitId" or "of" => Str(Id),
        "points" or "amount" or "minSeconds" or "cost" or "stock" or "quantity" or "multiplier" or "dailyCap" or "questionsPerAttempt" or "timeLimitSeconds"
            or "pointsPerCorrect" or "acceptanceDays" or "perWorkerLimit" or "stockShards" or "advance" or "answer" or "attemptsPerDay" => Number,
        "active" or "revokePrevious" or "anonymousOnBoards" => Gen.Elements("true", "false"),
        "kind" => Str(Gen.Elements("video", "article", "class", "x")),
        "decision" => Str(Gen.Elements("accept", "reject", "duplicate", "x")),
        "severity" => Str(Gen.Elements("general", "major", "critical", "x")),
        "timeZone" => Str(Gen.Elements("Asia/Shanghai", "UTC", "Not/AZone", "", "../../etc/localtime")),
        "url" or "webhookUrl" or "imageUrl" => Str(Gen.Elements("https://partner.example.cn/hook", "http://127.0.0.1:9/x", "javascript:alert(1)", "ftp://x", "/media/a.mp4", "")),
        "startsAt" or "endsAt" or "availableFrom" or "availableUntil" or "opensAt" or "closesAt" => Date,
        "actions" => Gen.ListOf(Str(Gen.Elements("learning", "quiz", "share", "hazard", "x"))).Select(a => "[" + string.Join(",", a.Take(6)) + "]"),
        "options" => Gen.ListOf(Str(Text)).Select(a => "[" + string.Join(",", a.Take(6)) + "]"),
        "answers" => Gen.ListOf(Gen.Zip(Gen.Elements("q1", "q2", "q3", "x"), Number)).Select(a => "{" + string.Join(",", a.Take(5).Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}"),
        "questions" or "rounds" or "levels" when size > 0 => Gen.ListOf(Object(size / 2)).Select(a => "[" + string.Join(",", a.Take(4)) + "]"),
        "delivery" or "placings" or "hazard" or "share" or "learning" or "quiz" when size > 0 => Object(size / 2),
        _ => Str(Text),
    };

    /// <summary>A request body with its content type: mostly JSON objects, also any JSON, broken JSON, CSV, multipart, form data, nothing, or too much.</summary>
    public static Gen<(string? ContentType, byte[]? Body)> Body => Gen.Frequency(
        (8, Gen.Sized(s => Object(Math.Min(s, 6))).Select(j => Json(j))),
        (2, Gen.Sized(s => Value(Math.Min(s, 6))).Select(j => Json(j))),
        (2, Gen.Elements("{", "{\"id\":", "[1,2", "\"unterminated", "{'id':'x'}", "{\"a\":1}}", "\uFEFF{}", "{\"a\":1} trailing", new string('[', 5000), "NaN", "{\"points\":Infinity}").Select(t => Json(t))),
        (1, Gen.Constant<(string?, byte[]?)>((null, null))),
        (1, Gen.Elements("application/json", "text/plain", "").Select(t => ((string?)t, (byte[]?)[]))),
        (1, Gen.Choose(64 * 1024 - 20, 70_000).Select(n => Json("{\"title\":\"" + new string('a', n) + "\"}"))),
        (1, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(b => ((string?)"application/json", (byte[]?)b))),
        (1, Gen.ListOf(Gen.ListOf(Gen.OneOf(Text.Where(t => t.Length < 40), Gen.Elements("\"", "\"\"", "w-1", "u-1", "id", "displayName", "unitId")))).Select(rows => Bytes("text/csv", string.Join("\n", rows.Take(20).Select(r => string.Join(",", r.Take(5))))))),
        (1, Multipart),
        (1, Text.Select(t => Bytes("application/x-www-form-urlencoded", "a=" + Escape(t)))),
        (1, Text.Select(t => Bytes("text/plain", t))));

    /// <summary>
    /// A valid body, mutated: each field kept, given another plausible value, a value of any type, or dropped, and
    /// now and then a field added. It gets past the first checks often enough to reach the use cases behind them.
    /// </summary>
    public static Gen<(string? ContentType, byte[]? Body)> Mutated(string example)
    {
        var fields = System.Text.Json.Nodes.JsonNode.Parse(example)!.AsObject().Select(p => (p.Key, Json: p.Value!.ToJsonString(Raw))).ToList();
        var mutations = fields.Select(f => Gen.Frequency(
            (12, Gen.Constant<string?>(f.Json)),
            (3, Plausible(f.Key, 2).Select(v => (string?)v)),
            (2, Value(2).Select(v => (string?)v)),
            (2, Gen.Constant<string?>(null))).Select(v => (f.Key, Value: v)));
        return from kept in Gen.CollectToArray(mutations)
               from extra in Gen.Frequency((4, Gen.Constant(Array.Empty<(string, string?)>())), (1, Gen.Elements(Fields).SelectMany(k => Value(1).Select(v => new[] { (k, (string?)v) }))))
               let pairs = kept.Where(p => p.Value is not null).Concat(extra)
               select Json("{" + string.Join(",", pairs.Select(p => JsonSerializer.Serialize(p.Item1, Raw) + ":" + p.Item2)) + "}");
    }

    /// <summary>multipart/form-data with random fields and a "photo" part of random bytes, or a broken multipart.</summary>
    private static Gen<(string? ContentType, byte[]? Body)> Multipart =>
        from fields in Gen.ListOf(Gen.Zip(Gen.Elements("photo", "category", "place", "description", "note", "x"), Text.Where(t => t.Length < 200)))
        from photo in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
        from broken in Gen.Elements(false, false, false, true)
        select Bytes(
            broken ? "multipart/form-data" : "multipart/form-data; boundary=fuzzbound",
            string.Concat(fields.Take(6).Select(f => $"--fuzzbound\r\nContent-Disposition: form-data; name=\"{f.Item1}\"{(f.Item1 == "photo" ? "; filename=\"p.jpg\"\r\nContent-Type: image/jpeg" : "")}\r\n\r\n{(f.Item1 == "photo" ? Encoding.Latin1.GetString(photo) : f.Item2)}\r\n")) + (broken ? "" : "--fuzzbound--\r\n"));

    public static Gen<string> Query => Gen.ListOf(Gen.Zip(
            Gen.Elements("limit", "cursor", "period", "by", "status", "unitId", "campaignId", "size", "limit"),
            Gen.OneOf(Number, Text.Where(t => t.Length < 60), Gen.Elements("week", "month", "all", "campaign", "points", "participation", "thumb", "full", "after", "submitted", "pending", "eyJwayI6IngifQ", "%%%"))))
        .Select(pairs => pairs.Count == 0 ? "" : "?" + string.Join("&", pairs.Take(5).Select(p => $"{p.Item1}={Escape(p.Item2)}")));

    /// <summary>URL-escaped; a lone surrogate (which no URL can carry) becomes U+FFFD.</summary>
    public static string Escape(string value) => Uri.EscapeDataString(string.Concat(value.EnumerateRunes().Select(r => r.ToString())));

    private static (string?, byte[]?) Json(string text) => Bytes("application/json", text);

    private static (string?, byte[]?) Bytes(string type, string text) => (type, Encoding.UTF8.GetBytes(text));
}
