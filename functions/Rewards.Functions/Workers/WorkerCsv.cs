using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Rewards.Functions.Workers;

/// <summary>One line of an import: the worker it asks for, or why it cannot be imported.</summary>
internal sealed record CsvLine(int Line, WorkerRequest? Request, string? Error);

/// <summary>A parsed import file: its lines (blank ones left out), how many lines it has, and a header problem if any.</summary>
internal sealed record CsvFile(IReadOnlyList<CsvLine> Lines, int LineCount, string? HeaderError);

/// <summary>
/// Reads an import file ("id,displayName,unitId", columns by name, any order) line by line. A record never spans
/// lines: no id, name or unit holds a line break, so a quote left open (or a stray one) spoils only its own line,
/// never the good lines after it. Every problem is a line number and a message; nothing here throws on any input.
/// </summary>
internal static partial class WorkerCsv
{
    private static readonly string[] Columns = ["id", "displayName", "unitId"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as text when it is UTF-8 text (no NUL, no invalid byte sequence, a BOM dropped); otherwise null.</summary>
    public static string? Decode(ReadOnlySpan<byte> body)
    {
        if (body.Contains((byte)0))
        {
            return null;
        }

        try
        {
            var text = StrictUtf8.GetString(body);
            return text.StartsWith('\uFEFF') ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public static CsvFile Parse(string text)
    {
        // Any line ending counts: CRLF, LF, or the lone CR older spreadsheets on a Mac still write.
        var lines = LineBreak().Split(text);
        var count = lines.Length;
        while (count > 0 && lines[count - 1].Trim().Length == 0)
        {
            count--;
        }

        if (count == 0 || Fields(lines[0], out var error) is not { } header || header.Length == 0)
        {
            return new([], count, "The first line must be the header id,displayName,unitId.");
        }

        var names = header.Select(h => h.Trim()).ToArray();
        var index = Columns.Select(c => Array.FindIndex(names, n => string.Equals(n, c, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (error is not null || index.Contains(-1) || names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Length)
        {
            return new([], count, $"The first line must be the header id,displayName,unitId (each once); it is '{Shorten(lines[0])}'.");
        }

        var result = new List<CsvLine>(count);
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < count; i++)
        {
            var raw = lines[i];
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            var line = i + 1;
            result.Add(Line(line, raw, names.Length, index, firstLineOf));
        }

        return new(result, count, null);
    }

    private static CsvLine Line(int line, string raw, int width, int[] index, Dictionary<string, int> firstLineOf)
    {
        if (Fields(raw, out var error) is not { } fields)
        {
            return new(line, null, error);
        }

        if (fields.Length != width)
        {
            return new(line, null, $"Expected {width} fields (id,displayName,unitId), found {fields.Length}.");
        }

        var request = new WorkerRequest { Id = fields[index[0]].Trim(), DisplayName = fields[index[1]].Trim(), UnitId = fields[index[2]].Trim() };
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(request, new ValidationContext(request), results, true))
        {
            return new(line, null, string.Join("; ", results.Select(r => $"{string.Join(",", r.MemberNames)} {r.ErrorMessage}")));
        }

        // The first line that names an id owns it; a later one is a mistake in the file, not an update.
        if (!firstLineOf.TryAdd(request.Id!, line))
        {
            return new(line, null, $"Duplicate id '{request.Id}': it is on line {firstLineOf[request.Id!]} already.");
        }

        return new(line, request, null);
    }

    /// <summary>The fields of one line, or null with the reason (a quote left open, a stray quote).</summary>
    private static string[]? Fields(string raw, out string? error)
    {
        error = null;
        if (raw.Count(c => c == '"') % 2 != 0)
        {
            error = "A quote is not closed on this line (a field may hold a quote only as \"\" inside a quoted field).";
            return null;
        }

        var bad = false;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = _ => bad = true,
            MissingFieldFound = null,
            IgnoreBlankLines = false,
        };
        try
        {
            using var parser = new CsvParser(new StringReader(raw), configuration);
            var fields = parser.Read() ? parser.Record : null;
            if (bad || fields is null)
            {
                error = "A stray quote: a field that holds a quote must be quoted, with the quote doubled (\"\").";
                return null;
            }

            return fields;
        }
        catch (CsvHelperException)
        {
            error = "This line is not valid CSV.";
            return null;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("\r\n|\r|\n", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LineBreak();

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
