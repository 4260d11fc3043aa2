using System.Text;
using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class WorkerImportPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private const int Rows = 2_500;

    /// <summary>Header, then Rows workers; line 3 is short, line 1502 has a stray quote, the last line repeats w-0001.</summary>
    private static byte[] File()
    {
        var lines = new List<string> { "id,displayName,unitId" };
        lines.AddRange(Enumerable.Range(1, Rows).Select(i => i switch
        {
            2 => "w-0002,王芳",
            1501 => $"w-{i:D4},\"职工{i},daxing-pharma",
            _ => $"w-{i:D4},职工{i},daxing-pharma",
        }));
        lines.Add("w-0001,张伟,daxing-pharma");
        return Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");
    }

    [Fact]
    public async Task A_large_import_shows_its_progress_after_each_part_and_a_report_with_the_files_line_numbers()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "daxing-pharma", "大兴制药");
        var page = await ConsolePage.SignedInAsync(browser, app, "workers");
        var secondPart = new TaskCompletionSource();
        // The second part waits until the test has seen the progress of the first: no race with the page.
        await page.RouteAsync(url => url.Contains("/api/admin/workers?from=", StringComparison.Ordinal), async route =>
        {
            if (route.Request.Url.Contains("from=1002&", StringComparison.Ordinal))
            {
                await secondPart.Task;
            }

            await route.ContinueAsync();
        });

        await page.Locator("#csv-file").SetInputFilesAsync(new FilePayload { Name = "workers.csv", MimeType = "text/csv", Buffer = File() });
        await page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).ClickAsync();

        var status = page.GetByTestId("import-status");
        await Assertions.Expect(status).ToHaveTextAsync($"已处理 1001/{Rows + 2} 行", new() { Timeout = 60_000 });
        Assert.Equal("1001", await page.Locator("progress").EvaluateAsync<string>("p => String(p.value)"));
        secondPart.SetResult();

        await Assertions.Expect(status).ToHaveTextAsync($"导入完成：新建 {Rows - 2}，更新 0，未变 0，错误 3 行。", new() { Timeout = 120_000 });
        Assert.Equal($"{Rows + 2}", await page.Locator("progress").EvaluateAsync<string>("p => String(p.value)"));
        var lines = await page.GetByTestId("import-report").Locator("tbody tr td:first-child").AllTextContentsAsync();
        Assert.Equal(["3", "1502", $"{Rows + 2}"], lines);
        await Assertions.Expect(page.GetByTestId("import-report").Locator("tbody tr").Last).ToContainTextAsync("line 2");
    }

    [Fact]
    public async Task An_import_cut_off_by_the_network_goes_on_from_its_line_when_started_again()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "daxing-pharma", "大兴制药");
        var page = await ConsolePage.SignedInAsync(browser, app, "workers");
        var cut = 0;
        await page.RouteAsync(url => url.Contains("/api/admin/workers?from=", StringComparison.Ordinal), async route =>
        {
            if (route.Request.Url.Contains("from=1002&", StringComparison.Ordinal) && Interlocked.Increment(ref cut) == 1)
            {
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });

        await page.Locator("#csv-file").SetInputFilesAsync(new FilePayload { Name = "workers.csv", MimeType = "text/csv", Buffer = File() });
        await page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-status")).ToContainTextAsync("导入在第 1002 行中断", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("import-report").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("import-status")).ToHaveTextAsync($"导入完成：新建 {Rows - 2}，更新 0，未变 0，错误 3 行。", new() { Timeout = 120_000 });
        var (_, sample) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers/w-2500");
        Assert.Equal("职工2500", sample.Value<string>("displayName"));
    }
}
