using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Workers;

/// <summary>The import's parser on hostile text: it never throws, and every line is accounted for exactly once.</summary>
public sealed class WorkerCsvPropertyTests
{
    private static readonly char[] Alphabet = [',', '"', '\n', '\r', ' ', 'a', 'w', '-', '1', '2', '张', '\t', ';', '\uFEFF', '\u2028'];

    private static Arbitrary<string> CsvLike() =>
        Arb.From(
            from header in Gen.Elements("id,displayName,unitId\n", "unitId,id,displayName\r\n", "", "id,displayName\n", "\"id\",\"displayName\",\"unitId\"\n")
            from body in Gen.ArrayOf(Gen.Elements(Alphabet))
            select header + new string(body));

    [Property(MaxTest = 2000)]
    public Property Any_text_parses_without_throwing_and_every_nonblank_line_is_a_worker_or_an_error() =>
        Prop.ForAll(CsvLike(), text =>
        {
            var file = WorkerCsv.Parse(text);
            var lines = file.Lines.Select(l => l.Line).ToList();
            return file.HeaderError is not null
                ? file.Lines.Count == 0
                : lines.Distinct().Count() == lines.Count
                  && lines.All(l => l >= 2 && l <= file.LineCount)
                  && file.Lines.All(l => (l.Request is null) != (l.Error is null));
        });

    [Fact]
    public void A_quoted_comma_and_a_doubled_quote_are_read_as_csv_says()
    {
        var file = WorkerCsv.Parse("id,displayName,unitId\nw-1,\"张\"\"伟, 老张\",u-1\n");

        var line = Assert.Single(file.Lines);
        Assert.Equal(("w-1", "张\"伟, 老张", "u-1"), (line.Request!.Id, line.Request.DisplayName, line.Request.UnitId));
    }
}
