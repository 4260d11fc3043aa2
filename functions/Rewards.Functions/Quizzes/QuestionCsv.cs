using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Rewards.Functions.Quizzes;

/// <summary>A question read from a CSV line, before it has an id: the options, and the answer as an option index.</summary>
internal sealed record CsvQuestion(int Line, string Text, IReadOnlyList<string> Options, int Answer);

internal sealed record CsvLineError(int Line, string Message);

/// <summary>The questions of a whole file, or every line that is wrong (then nothing of the file may be used).</summary>
internal sealed record QuestionCsvResult(IReadOnlyList<CsvQuestion> Questions, IReadOnlyList<CsvLineError> Errors);

/// <summary>
/// Reads <c>text,option1,option2,option3,option4,answer</c> with CsvHelper. option3 and option4 may be empty (a
/// two- or three-option question); the answer is the option's number 1 to 4, or its letter A to D, never the option's
/// text (an option such as "3" would make that ambiguous). The file is hostile: every problem becomes a line error.
/// </summary>
internal static class QuestionCsv
{
    public const int MaxQuestions = 100;
    public static readonly string[] Header = ["text", "option1", "option2", "option3", "option4", "answer"];

    public static QuestionCsvResult Parse(string csv)
    {
        var broken = new Dictionary<int, string>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
            BadDataFound = a => broken.TryAdd(a.Context.Parser!.RawRow, "broken quoting: a quote inside a field that is not quoted, or a quoted field that does not end"),
        };
        var questions = new List<CsvQuestion>();
        var errors = new List<CsvLineError>();
        var breaks = csv.Select((c, i) => (c, i)).Where(x => x.c == '\n').Select(x => (long)x.i).ToList();
        using var parser = new CsvParser(new StringReader(csv), configuration);
        var headerSeen = false;
        var line = 1;
        var rows = 0;
        try
        {
            while (parser.Read())
            {
                // A record can span lines (a quoted line break, an unclosed quote): it is reported by the line it starts
                // on, counted from where it starts in the text (the parser's row count runs past the end on an unclosed quote).
                var end = parser.RawRow;
                line = LineAt(breaks, parser.CharCount - parser.RawRecord.Length);
                var fields = parser.Record ?? [];
                if (!headerSeen)
                {
                    headerSeen = true;
                    if (!fields.Select(f => f.Trim().ToLowerInvariant()).SequenceEqual(Header))
                    {
                        return new([], [new CsvLineError(line, $"the first line must be the header {string.Join(',', Header)}")]);
                    }

                    continue;
                }

                // Past the limit the file is refused anyway: reading on would only grow the report of a hostile file.
                if (++rows > MaxQuestions)
                {
                    errors.Add(new CsvLineError(line, $"a file may hold at most {MaxQuestions} questions; split the bank into several files"));
                    break;
                }

                if (broken.Remove(end, out var why))
                {
                    errors.Add(new CsvLineError(line, why));
                }
                else if (Question(line, fields, out var error) is { } question)
                {
                    questions.Add(question);
                }
                else
                {
                    errors.Add(new CsvLineError(line, error!));
                }
            }
        }
        catch (CsvHelperException)
        {
            errors.Add(new CsvLineError(line, "unreadable CSV from this line on"));
        }

        if (!headerSeen)
        {
            return new([], [new CsvLineError(1, $"the file is empty; the first line must be the header {string.Join(',', Header)}")]);
        }

        errors.AddRange(Duplicates(questions));
        if (rows == 0)
        {
            errors.Add(new CsvLineError(1, "the file has a header but no question"));
        }

        return errors.Count > 0 ? new([], [.. errors.OrderBy(e => e.Line)]) : new(questions, []);
    }

    private static CsvQuestion? Question(int line, string[] fields, out string? error)
    {
        error = fields.Length != Header.Length ? $"has {fields.Length} fields; a question needs {Header.Length}: {string.Join(',', Header)}"
            : fields[0].Length == 0 || fields[0].Length > 500 ? "text is required, up to 500 characters"
            : null;
        if (error is not null)
        {
            return null;
        }

        var options = fields[1..5].ToList();
        while (options.Count > 2 && options[^1].Length == 0)
        {
            options.RemoveAt(options.Count - 1);
        }

        error = options.Any(o => o.Length == 0) ? "option1 and option2 are required, and option4 needs option3"
            : options.Any(o => o.Length > 200) ? "an option may have up to 200 characters"
            : options.Distinct(StringComparer.Ordinal).Count() != options.Count ? "the options must differ"
            : null;
        var answer = AnswerIndex(fields[5]);
        if (error is null && (answer is null || answer >= options.Count))
        {
            error = $"answer must be the number (1 to {options.Count}) or the letter (A to {(char)('A' + options.Count - 1)}) of a non-empty option, not '{Clip(fields[5])}'";
        }

        return error is null ? new CsvQuestion(line, fields[0], options, answer!.Value) : null;
    }

    private static int? AnswerIndex(string answer) => answer.ToUpperInvariant() switch
    {
        "1" or "A" => 0,
        "2" or "B" => 1,
        "3" or "C" => 2,
        "4" or "D" => 3,
        _ => null,
    };

    /// <summary>A question asked twice in one file is a mistake in the file, not something to guess about.</summary>
    private static List<CsvLineError> Duplicates(List<CsvQuestion> questions)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<CsvLineError>();
        foreach (var q in questions)
        {
            if (!first.TryAdd(q.Text, q.Line))
            {
                errors.Add(new CsvLineError(q.Line, $"the same question as line {first[q.Text]}"));
            }
        }

        return errors;
    }

    /// <summary>The 1-based line of a character offset: one more than the line breaks before it.</summary>
    private static int LineAt(List<long> breaks, long offset)
    {
        var at = breaks.BinarySearch(offset);
        return (at < 0 ? ~at : at) + 1;
    }

    private static string Clip(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
