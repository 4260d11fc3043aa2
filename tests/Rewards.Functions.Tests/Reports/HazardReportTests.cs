using System.Globalization;
using System.Text;
using CsvHelper;
using Rewards.Domain.Hazards;
using Rewards.Functions.Hazards;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;
using HazardCalls = Rewards.Functions.Tests.Hazards.Hazards;
using TestPhotos = Rewards.Functions.Tests.Hazards.TestPhotos;

namespace Rewards.Functions.Tests.Reports;

/// <summary>The hazards report: the reports submitted in the period from the review index, as JSON and as CSV (BOM, formula cells escaped).</summary>
[Collection(StorageCollection.Name)]
public sealed class HazardReportTests(AzuriteFixture azurite)
{
    private const string Formula = "=HYPERLINK(\"http://evil.example\",\"点我\")";

    private sealed record Seeded(TestApp App, string Accepted, string WithFormula, string Minus);

    /// <summary>Three reports through the API (two units, one accepted as major), and one from 60 days ago straight into the index.</summary>
    private static async Task<Seeded> SeedAsync(AzuriteFixture azurite)
    {
        var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "u-1", name = "大兴制药" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "u-2", name = "黄村建工" });
        var zhang = await app.WorkerAsync("w-1", "u-1", "张伟");
        var wang = await app.WorkerAsync("w-2", "u-2", "王芳");
        var accepted = await SubmitAsync(app, zhang, "二车间东侧通道", "消防通道堆放纸箱", 1);
        var withFormula = await SubmitAsync(app, zhang, "仓库", Formula, 2);
        var minus = await SubmitAsync(app, wang, "-3层配电室", "配电箱门未关，线缆裸露", 3);
        foreach (var (id, unit) in new[] { (accepted, "u-1"), (withFormula, "u-1"), (minus, "u-2") })
        {
            await HazardCalls.ProcessedAsync(app, id, unit);
        }

        Assert.Equal(200, (await HazardCalls.ReviewAsync(app, accepted, new { decision = "accept", severity = "major" })).Status);
        var old = TimeProvider.System.GetUtcNow().AddDays(-60);
        await app.Service<HazardsTable>().SyncAsync(
            new HazardReport(RowKeys.NewId(old), "w-1", "u-1", "电气", "旧报告", "六十天前", HazardStatus.Submitted, old, [new HazardStep(HazardStatus.Submitted, old)]), "张伟", CancellationToken.None);
        return new Seeded(app, accepted, withFormula, minus);
    }

    private static async Task<string> SubmitAsync(TestApp app, string token, string place, string description, int scene)
    {
        var (status, body) = await HazardCalls.SubmitAsync(app, token, TestPhotos.Jpeg(640, 480, scene), place, "消防", description: description);
        Assert.Equal(202, status);
        return body.Value<string>("id")!;
    }

    [Fact]
    public async Task The_hazards_json_lists_the_periods_reports_with_their_outcome_and_filters_by_unit()
    {
        var s = await SeedAsync(azurite);
        await using var _ = s.App;

        var (status, report) = await s.App.SendAsync(HttpMethod.Get, "/api/admin/reports/hazards");
        var (_, unit) = await s.App.SendAsync(HttpMethod.Get, "/api/admin/reports/hazards?unitId=u-2");

        Assert.Equal(200, status);
        Assert.Equal("hazards", report.Value<string>("report"));
        var items = report["items"]!.ToDictionary(i => i.Value<string>("id")!);
        Assert.Equal(new[] { s.Accepted, s.Minus, s.WithFormula }.Order(StringComparer.Ordinal), items.Keys.Order(StringComparer.Ordinal));
        var accepted = items[s.Accepted];
        Assert.Equal(("accepted", "major", 10L, "张伟", "大兴制药", "二车间东侧通道"),
            (accepted.Value<string>("status"), accepted.Value<string>("severity"), accepted.Value<long>("points"), accepted.Value<string>("displayName"), accepted.Value<string>("unitName"), accepted.Value<string>("place")));
        Assert.Equal(s.Minus, Assert.Single(unit["items"]!).Value<string>("id"));
    }

    [Fact]
    public async Task The_hazards_csv_has_a_bom_escapes_formulas_keeps_chinese_and_counts_every_row()
    {
        var s = await SeedAsync(azurite);
        await using var _ = s.App;

        using var response = await s.App.Http.SendAsync(s.App.Request(HttpMethod.Get, "/api/admin/reports/hazards?format=csv"));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3)), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToDictionary(r => (string)r["id"]);
        Assert.Equal(3, rows.Count);
        Assert.Equal("'" + Formula, rows[s.WithFormula]["description"]);
        Assert.Equal("'-3层配电室", rows[s.Minus]["place"]);
        Assert.Equal(("二车间东侧通道", "消防通道堆放纸箱", "大兴制药", "accepted", "10"),
            ((string)rows[s.Accepted]["place"], (string)rows[s.Accepted]["description"], (string)rows[s.Accepted]["unitName"], (string)rows[s.Accepted]["status"], (string)rows[s.Accepted]["points"]));
    }
}
