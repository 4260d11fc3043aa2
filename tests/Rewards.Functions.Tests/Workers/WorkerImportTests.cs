using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Workers;

[Collection(StorageCollection.Name)]
public sealed class WorkerImportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Ten_thousand_rows_import_as_the_console_sends_them_with_every_bad_line_reported_and_the_rest_saved()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await UnitsAsync(app, [.. Enumerable.Range(0, 7).Select(u => $"unit-{u}")]);
        var lines = new List<string> { "id,displayName,unitId" };
        var bad = new HashSet<int>();
        for (var i = 1; i <= 10_000; i++)
        {
            var kind = i % 1000;
            lines.Add(kind switch
            {
                0 => $"w {i:D5},职工{i},unit-{i % 7}",             // a bad id
                500 => $"w-{i:D5},\"职工\"{i}\",unit-{i % 7}",       // a stray quote
                250 => $"w-{i:D5},职工{i}",                       // a short row
                750 => $"w-{i:D5},职工{i},no-such-unit",           // an unknown unit
                _ => $"w-{i:D5},职工{i},unit-{i % 7}",
            });
            if (kind is 0 or 500 or 250 or 750)
            {
                bad.Add(i + 1);
            }
        }

        lines.Add("w-00001,职工重复,unit-1"); // a duplicate id, last
        bad.Add(lines.Count);
        var csv = string.Join('\n', lines);

        // The console's way: the whole file each time, from where the last answer stopped, 1,000 lines at a time.
        var (created, errors, requests, from) = (0, new List<int>(), 0, 2);
        while (true)
        {
            var (status, result) = await PostCsvAsync(app, csv, $"?from={from}&limit=1000");
            Assert.Equal(200, status);
            requests++;
            created += result.Value<int>("created");
            errors.AddRange(result["errors"]!.Select(e => e.Value<int>("line")));
            if (result.Value<bool>("complete"))
            {
                Assert.Equal(lines.Count, result.Value<int>("doneThrough"));
                break;
            }

            from = result.Value<int>("resumeFrom");
        }

        Assert.Equal(11, requests);
        Assert.Equal(10_000 - 40, created);
        Assert.Equal(bad.Order(), errors.Order());
        Assert.Equal(10_000 - 40, await DirectoryCountAsync(app));
        var sizes = await app.Service<LeaderboardsTable>().UnitSizesAsync(CancellationToken.None);
        Assert.Equal(10_000 - 40, sizes.Values.Sum());
    }

    [Theory]
    [InlineData("id,displayName,unitId\n,u-1,a\",true,-1\nw-2,王芳,u-1\n", 2, "quote")]                // the body that answered 500
    [InlineData("id,displayName,unitId\nw-1,张\"伟,u-1\nw-2,王芳,u-1\n", 2, "quote")]                    // a stray quote inside a field
    [InlineData("id,displayName,unitId\nw-1,\"未闭合,u-1\nw-2,王芳,u-1\n", 2, "quote")]                 // a quote left open spoils only its line
    [InlineData("id,displayName,unitId\nw-1\nw-2,王芳,u-1\n", 2, "fields")]                           // a short row
    [InlineData("id,displayName,unitId\nw-1,张伟,u-1,多余\nw-2,王芳,u-1\n", 2, "fields")]               // a long row
    [InlineData("id,displayName,unitId\nw-2,王芳,u-1\nw-1,张伟,no-unit\n", 3, "unit")]                // an unknown unit
    [InlineData("id,displayName,unitId\nw-2,王芳,u-1\nw-2,张伟,u-1\n", 3, "Duplicate")]               // a duplicate id
    [InlineData("id,displayName,unitId\n\nw-2,王芳,u-1\n\nw-1,,u-1\n", 5, "DisplayName")]             // blank lines keep the numbering
    [InlineData("unitId,ID,displayname\r\nu-1,w-2,王芳\r\nu-1,w 1,李娜\r\n", 3, "Id")]                // columns by name, any order, CRLF
    [InlineData("id,displayName,unitId\rw-2,王芳,u-1\rw 1,李娜,u-1\r", 3, "Id")]                         // lone CR line endings
    public async Task A_bad_line_is_reported_by_number_and_the_good_ones_are_imported(string csv, int badLine, string message)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await UnitsAsync(app, "u-1");

        var (status, result) = await PostCsvAsync(app, csv);

        Assert.Equal(200, status);
        var error = Assert.Single(result["errors"]!);
        Assert.Equal(badLine, error.Value<int>("line"));
        Assert.Contains(message, error.Value<string>("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal((1, true), (result.Value<int>("created"), result.Value<bool>("complete")));
        Assert.Equal("王芳", (await app.SendAsync(HttpMethod.Get, "/api/admin/workers/w-2")).Body.Value<string>("displayName"));
    }

    [Theory]
    [InlineData("w-1,张伟,u-1\nw-2,王芳,u-1\n")]
    [InlineData("id,name,unit\nw-1,张伟,u-1\n")]
    [InlineData("id,displayName,unitId,id\nw-1,张伟,u-1,w-1\n")]
    [InlineData("\"id,displayName,unitId\nw-1,张伟,u-1\n")]
    [InlineData("")]
    public async Task A_missing_header_is_an_error_on_line_1_and_nothing_is_imported(string csv)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await UnitsAsync(app, "u-1");

        var (status, result) = await PostCsvAsync(app, csv);

        Assert.Equal(200, status);
        Assert.Equal(1, Assert.Single(result["errors"]!).Value<int>("line"));
        Assert.Equal(0, result.Value<int>("created"));
        Assert.Equal(0, await DirectoryCountAsync(app));
    }

    [Theory]
    [InlineData(new byte[] { 0x69, 0x64, 0x2C, 0x00, 0x0A })]      // a NUL
    [InlineData(new byte[] { 0x69, 0x64, 0x2C, 0xC3, 0x28, 0x0A })] // an invalid UTF-8 sequence
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A })] // a PNG
    public async Task A_body_that_is_not_utf8_text_is_refused_by_its_content(byte[] body)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, result) = await PostCsvAsync(app, new ByteArrayContent(body));

        Assert.Equal(415, status);
        Assert.Equal("unsupported-media-type", result.Value<string>("code"));
    }

    [Fact]
    public async Task A_body_over_2_MiB_is_refused_before_it_is_decoded_even_without_a_length()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var huge = new string('x', 2 * 1024 * 1024 + 1);

        var (declared, _) = await PostCsvAsync(app, new StringContent(huge, Encoding.UTF8));
        var (streamed, problem) = await PostCsvAsync(app, new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))));

        Assert.Equal((413, 413), (declared, streamed));
        Assert.Equal("payload-too-large", problem.Value<string>("code"));
    }

    [Theory]
    [InlineData("?from=1")]
    [InlineData("?from=x")]
    [InlineData("?limit=0")]
    [InlineData("?limit=-5")]
    public async Task A_bad_resume_point_is_a_400(string query)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, result) = await PostCsvAsync(app, "id,displayName,unitId\n", query);

        Assert.Equal((400, "validation-failed"), (status, result.Value<string>("code")));
    }

    [Fact]
    public async Task An_import_out_of_time_stops_between_batches_with_counts_right_and_resumes_and_a_resend_changes_nothing()
    {
        // A zero budget: each request saves one batch (100 rows) and stops, whatever the machine's speed.
        await using var app = await TestApp.StartAsync(azurite, configure: o => o.Settings["Rewards:WorkerImport:TimeBudget"] = "00:00:00");
        await UnitsAsync(app, "u-1", "u-2");
        var rows = Enumerable.Range(1, 250).Select(i => $"w-{i:D3},职工{i},u-{1 + (i % 2)}").ToList();
        rows[149] = "w 150,坏行,u-1";
        var csv = "id,displayName,unitId\n" + string.Join('\n', rows) + "\n";

        var (_, first) = await PostCsvAsync(app, csv);

        Assert.Equal((100, false, 101, 102, 251), (first.Value<int>("created"), first.Value<bool>("complete"), first.Value<int>("doneThrough"), first.Value<int>("resumeFrom"), first.Value<int>("lines")));
        Assert.Empty(first["errors"]!);
        Assert.Equal(100, await DirectoryCountAsync(app));
        Assert.Equal(100, (await app.Service<LeaderboardsTable>().UnitSizesAsync(CancellationToken.None)).Values.Sum());

        var (_, second) = await PostCsvAsync(app, csv, "?from=102");
        var (_, third) = await PostCsvAsync(app, csv, $"?from={second.Value<int>("resumeFrom")}");

        Assert.Equal((99, 151), (second.Value<int>("created"), Assert.Single(second["errors"]!).Value<int>("line")));
        Assert.Equal((50, true, 251), (third.Value<int>("created"), third.Value<bool>("complete"), third.Value<int>("doneThrough")));
        var sizes = await app.Service<LeaderboardsTable>().UnitSizesAsync(CancellationToken.None);
        Assert.Equal((125, 124), (sizes["u-2"], sizes["u-1"]));

        // Sending the whole file again (resuming from its start): the same rows change nothing, and no count moves.
        var again = new List<JObject>();
        for (var from = 2; from > 0;)
        {
            var (_, answer) = await PostCsvAsync(app, csv, $"?from={from}");
            again.Add(answer);
            from = answer.Value<int?>("resumeFrom") ?? 0;
        }

        Assert.Equal((0, 0, 249), (again.Sum(a => a.Value<int>("created")), again.Sum(a => a.Value<int>("updated")), again.Sum(a => a.Value<int>("unchanged"))));
        Assert.Equal(sizes, await app.Service<LeaderboardsTable>().UnitSizesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_changed_row_updates_and_moves_the_worker_between_units()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await UnitsAsync(app, "u-1", "u-2");
        await PostCsvAsync(app, "id,displayName,unitId\nw-1,张伟,u-1\nw-2,王芳,u-1\n");

        var (_, result) = await PostCsvAsync(app, "id,displayName,unitId\nw-1,张伟,u-2\nw-2,王芳,u-1\n");

        Assert.Equal((0, 1, 1), (result.Value<int>("created"), result.Value<int>("updated"), result.Value<int>("unchanged")));
        var sizes = await app.Service<LeaderboardsTable>().UnitSizesAsync(CancellationToken.None);
        Assert.Equal((1, 1), (sizes["u-1"], sizes["u-2"]));
    }

    private static async Task UnitsAsync(TestApp app, params string[] ids)
    {
        foreach (var id in ids)
        {
            var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id, name = $"单位{id}" });
            Assert.Equal(201, status);
        }
    }

    private static async Task<int> DirectoryCountAsync(TestApp app)
    {
        var total = 0;
        string? cursor = null;
        do
        {
            var (_, page) = await app.SendAsync(HttpMethod.Get, $"/api/admin/workers?limit=1000{(cursor is null ? "" : $"&cursor={cursor}")}");
            total += page["items"]!.Count();
            cursor = page.Value<string>("nextCursor");
        }
        while (cursor is not null);
        return total;
    }

    private static Task<(int Status, JObject Body)> PostCsvAsync(TestApp app, string csv, string query = "") =>
        PostCsvAsync(app, new StringContent(csv, Encoding.UTF8), query);

    private static async Task<(int Status, JObject Body)> PostCsvAsync(TestApp app, HttpContent content, string query = "")
    {
        using var request = app.Request(HttpMethod.Post, "/api/admin/workers" + query);
        request.Content = content;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return await app.SendAsync(request);
    }
}
