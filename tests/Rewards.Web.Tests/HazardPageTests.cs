using Microsoft.Playwright;
using Rewards.Functions.Tests.Hazards;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class HazardPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task A_worker_reports_a_hazard_with_a_photo_an_admin_accepts_it_and_the_page_shows_status_and_points()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-001", displayName = "张伟", unitId = "daxing-01" });
        var (_, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-001/link");
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });

        // Records the size of the photo the page actually sends, to see it was shrunk before it left the phone.
        await page.AddInitScriptAsync("""
            const send = window.fetch;
            window.fetch = async (url, init) => {
              if (init && init.body instanceof FormData && init.body.get('photo')) {
                const sent = await createImageBitmap(init.body.get('photo'));
                window.uploaded = { width: sent.width, height: sent.height, type: init.body.get('photo').type };
              }
              return send(url, init);
            };
            """);
        await page.GotoAsync(link.Value<string>("url")!);
        await Assertions.Expect(page.Locator("#hazard-category option")).ToHaveCountAsync(7);

        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Locator("#hazard-photo").ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "IMG_0001.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.Jpeg(2400, 1800) });
        await page.Locator("#hazard-category").SelectOptionAsync("消防");
        await page.Locator("#hazard-place").FillAsync("二车间东侧通道");
        await page.Locator("#hazard-description").FillAsync("消防通道堆放纸箱");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交隐患" }).ClickAsync();

        var item = page.GetByTestId("hazards").Locator("li").First;
        await Assertions.Expect(item).ToContainTextAsync("消防 · 二车间东侧通道");
        await Assertions.Expect(item.Locator(".status")).ToHaveTextAsync("待审核");
        Assert.Equal("1600x1200 image/jpeg", await page.EvaluateAsync<string>("`${uploaded.width}x${uploaded.height} ${uploaded.type}`"));

        var id = await item.GetAttributeAsync("data-hazard");
        await Hazards.ProcessedAsync(app, id!, "daxing-01");
        var (accepted, _) = await Hazards.ReviewAsync(app, id!, new { decision = "accept", severity = "major" });
        Assert.Equal(200, accepted);
        await page.ReloadAsync();

        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("10");
        await Assertions.Expect(item.Locator(".status")).ToHaveTextAsync("已采纳");
        await Assertions.Expect(item.Locator(".plus")).ToHaveTextAsync("+10 积分");
        await Assertions.Expect(item.Locator(".steps")).ToContainTextAsync("待审核");
        await Assertions.Expect(item.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 320);
        await Assertions.Expect(page.Locator("#ledger")).ToContainTextAsync("隐患随手拍被采纳");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "hazard-page.png"), FullPage = true });
    }

}
