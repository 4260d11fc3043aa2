using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class ReportPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_shows_a_report_and_exports_it_as_csv()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "u-1", "大兴制药");
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-1", displayName = "张伟", unitId = "u-1" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-2", displayName = "=1+1", unitId = "u-1" });
        var page = await ConsolePage.SignedInAsync(browser, app, "reports");

        await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("report").Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("report")).ToContainTextAsync("大兴制药");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "导出 CSV" }).ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("w-1,张伟,u-1,大兴制药", text, StringComparison.Ordinal);
        Assert.Contains("w-2,'=1+1,u-1", text, StringComparison.Ordinal);
    }
}
