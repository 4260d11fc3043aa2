using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Workers;

[Collection(StorageCollection.Name)]
public sealed class WorkerImportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Ten_thousand_rows_import_in_the_consoles_chunks_with_every_bad_line_reported_and_the_rest_saved()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var lines = new List<string> { "id,displayName,unitId" };
        var bad = new HashSet<int>();
        for (var i = 1; i <= 10_000; i++)
        {
            var broken = i % 1000 == 0;
            lines.Add(broken ? $"w {i:D5},职工{i},unit-{i % 7}" : $"w-{i:D5},职工{i},unit-{i % 7}");
            if (broken)
            {
                bad.Add(i + 1);
            }
        }

        var created = 0;
        var reported = new List<int>();
        for (var at = 1; at < lines.Count; at += 1000)
        {
            var (status, result) = await PostCsvAsync(app, string.Join('\n', lines.Take(1).Concat(lines.Skip(at).Take(1000))));
            Assert.Equal(200, status);
            created += result.Value<int>("created");
            reported.AddRange(result["errors"]!.Select(e => e.Value<int>("line") - 1 + at));
        }

        Assert.Equal(9_990, created);
        Assert.Equal(bad.Order(), reported.Order());
        var total = 0;
        string? cursor = null;
        do
        {
            var (_, page) = await app.SendAsync(HttpMethod.Get, $"/api/admin/workers?limit=1000{(cursor is null ? "" : $"&cursor={cursor}")}");
            total += page["items"]!.Count();
            cursor = page.Value<string>("nextCursor");
        }
        while (cursor is not null);
        Assert.Equal(9_990, total);
    }

    [Theory]
    [InlineData("id,displayName,unitId\nw-1,\"张\"伟\",u-1\nw-2,王芳,u-1\n", 2)]
    [InlineData("id,displayName,unitId\nw-1\nw-2,王芳,u-1\n", 2)]
    [InlineData("id,displayName,unitId\nw-1,\"未闭合,u-1\n", 2)]
    [InlineData("id,displayName,unitId\n\nw-1,王芳,u-1\n\nw-2,,u-1\n", 5)]
    [InlineData("id,displayName,unitId\nw-1,\"王\n芳\",u-1\nw 2,李娜,u-1\n", 4)]
    public async Task Broken_lines_are_reported_never_a_500(string csv, int badLine)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, result) = await PostCsvAsync(app, csv);

        Assert.Equal(200, status);
        Assert.Contains(badLine, result["errors"]!.Select(e => e.Value<int>("line")));
    }

    private static async Task<(int Status, JObject Body)> PostCsvAsync(TestApp app, string csv)
    {
        using var request = app.Request(HttpMethod.Post, "/api/admin/workers");
        request.Content = new StringContent(csv, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return await app.SendAsync(request);
    }
}
