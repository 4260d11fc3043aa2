using System.Text;
using Azure.Data.Tables;
using CsvHelper;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Reports;

[Collection(StorageCollection.Name)]
public sealed class ReportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_workers_csv_has_a_bom_escapes_formulas_keeps_chinese_and_counts_every_row()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "u-1", name = "大兴制药" });
        string[] names = ["张伟", "=HYPERLINK(\"http://evil.example\")", "+86 电话", "-张", "@SUM(A1)", "\t制表"];
        for (var i = 0; i < names.Length; i++)
        {
            await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = $"w-{i}", displayName = names[i], unitId = "u-1" });
        }

        using var response = await app.Http.SendAsync(app.Request(HttpMethod.Get, "/api/admin/reports/workers?format=csv"));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3)), System.Globalization.CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToDictionary(r => (string)r["id"], r => (string)r["displayName"]);
        Assert.Equal(names.Length, rows.Count);
        Assert.Equal("张伟", rows["w-0"]);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\")", rows["w-1"]);
        Assert.Equal("'+86 电话", rows["w-2"]);
        Assert.Equal("'-张", rows["w-3"]);
        Assert.Equal("'@SUM(A1)", rows["w-4"]);
        Assert.Equal("'\t制表", rows["w-5"]);
    }

    [Fact]
    public async Task A_ledger_export_of_100000_lines_streams_every_line_within_100_mb()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var table = app.Service<TableServiceClient>().GetTableClient(app.Service<IOptions<StorageOptions>>().Value.Table(StorageNames.Accounts));
        var at = new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero);
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, ct) =>
            await table.SubmitTransactionAsync(Enumerable.Range(1, 100).Select(s => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"w-{w:D4}", RowKeys.Tx(s, $"tx-{w}-{s}"))
            {
                ["TxId"] = $"tx-{w}-{s}", ["Sequence"] = (long)s, ["Amount"] = 5L, ["Kind"] = "learning", ["Reason"] = "学习：安全帽的正确佩戴",
                ["SourceRef"] = $"content:c-{s}", ["BalanceAfter"] = 5L * s, ["At"] = at.AddMinutes(s), ["HeldChange"] = 0L,
            })), ct));
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });

        using var response = await app.Http.SendAsync(app.Request(HttpMethod.Get, "/api/admin/reports/ledger?format=csv&from=2026-03-01&to=2026-03-31"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var lines = 0;
        var bytes = 0L;
        while (await reader.ReadLineAsync() is { } line)
        {
            lines++;
            bytes += line.Length;
        }

        await sampling.CancelAsync();
        await sampler;
        Assert.Equal(100_001, lines);
        Assert.True(peak - baseline < 100L * 1024 * 1024, $"the export grew the heap by {(peak - baseline) / (1024 * 1024)} MB");
        Console.WriteLine($"ledger export: {lines - 1} lines, {bytes / 1024 / 1024} MB of text, heap growth at most {(peak - baseline) / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task Json_reports_filter_by_unit_and_bad_parameters_are_refused_beside_their_fields()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-1", displayName = "张伟", unitId = "u-1" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-2", displayName = "王芳", unitId = "u-2" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 7, reason = "奖励" }, idempotencyKey: "a");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-2", amount = 9, reason = "奖励" }, idempotencyKey: "b");

        var (ok, ledger) = await app.SendAsync(HttpMethod.Get, "/api/admin/reports/ledger?unitId=u-1");
        var (bad, problem) = await app.SendAsync(HttpMethod.Get, "/api/admin/reports/ledger?from=yesterday&format=xls");
        var (missing, unknown) = await app.SendAsync(HttpMethod.Get, "/api/admin/reports/salaries");

        Assert.Equal(200, ok);
        var line = Assert.Single(ledger["items"]!);
        Assert.Equal(("w-1", 7L), (line.Value<string>("workerId"), line.Value<long>("amount")));
        Assert.Equal((400, "validation-failed"), (bad, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]!["from"]);
        Assert.NotNull(problem["errors"]!["format"]);
        Assert.Equal((404, "report-not-found"), (missing, unknown.Value<string>("code")));
    }
}
