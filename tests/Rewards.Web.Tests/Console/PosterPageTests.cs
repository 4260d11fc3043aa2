using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;
using ZXing;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class PosterPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_prints_a_units_posters_whose_codes_decode_to_working_links_and_nothing_is_revoked()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "daxing-pharma", "大兴制药");
        var names = new[] { "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰" };
        for (var i = 0; i < names.Length; i++)
        {
            await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = $"w-{i + 1:D3}", displayName = names[i], unitId = "daxing-pharma" });
        }

        var earlier = await app.WorkerAsync("w-001", "daxing-pharma", "张伟");
        var page = await ConsolePage.SignedInAsync(browser, app, "posters");

        await page.GetByRole(AriaRole.Button, new() { Name = "生成海报" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("poster-status")).ToHaveTextAsync("共 9 张海报，2 页；新发放链接 8 个。", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".sheet")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".sheet").First.Locator("figure.poster")).ToHaveCountAsync(8);
        await Assertions.Expect(page.Locator("figure[data-worker='w-002']")).ToContainTextAsync("王芳");
        await Assertions.Expect(page.Locator("figure[data-worker='w-002']")).ToContainTextAsync("大兴制药");

        foreach (var figure in await page.Locator("figure.poster").AllAsync())
        {
            var workerId = await figure.GetAttributeAsync("data-worker");
            var url = Decode(await Pixels(figure.Locator("img")));
            Assert.StartsWith($"{app.Http.BaseAddress}w/wt_", url, StringComparison.Ordinal);
            var (status, me) = await app.SendAsync(HttpMethod.Get, "/api/me", url[(url.LastIndexOf('/') + 1)..]);
            Assert.Equal((200, workerId), (status, me.Value<string>("id")));
        }

        var (stillWorks, _) = await app.SendAsync(HttpMethod.Get, "/api/me", earlier);
        Assert.Equal(200, stillWorks);
    }

    [Fact]
    public async Task The_poster_page_prints_on_A4()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "u-1", "黄村建工");
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-1", displayName = "陈静", unitId = "u-1" });
        var page = await ConsolePage.SignedInAsync(browser, app, "posters");
        await page.GetByRole(AriaRole.Button, new() { Name = "生成海报" }).ClickAsync();
        await Assertions.Expect(page.Locator("figure.poster")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

        var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true });

        // A4 is 595 × 842 points; the CSS @page rule is what sets it (Playwright's default would be Letter, 612 × 792).
        var box = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.Latin1.GetString(pdf), @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)");
        Assert.True(box.Success, "no MediaBox in the PDF");
        var (width, height) = (double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Math.Abs(width - 595.3) < 2 && Math.Abs(height - 841.9) < 2, $"the page is {width} × {height} points");
    }

    /// <summary>The image as the browser renders it (once decoded), drawn on a canvas with a white margin; RGBA bytes.</summary>
    private static async Task<(byte[] Rgba, int Size)> Pixels(ILocator img)
    {
        const int size = 480;
        var base64 = await img.EvaluateAsync<string>(
            @"async (img, size) => { await img.decode(); const c = document.createElement('canvas'); c.width = c.height = size; const g = c.getContext('2d');
                g.fillStyle = '#fff'; g.fillRect(0, 0, size, size); g.imageSmoothingEnabled = false; g.drawImage(img, 40, 40, size - 80, size - 80);
                const d = g.getImageData(0, 0, size, size).data; let s = ''; for (let i = 0; i < d.length; i += 8192) s += String.fromCharCode.apply(null, d.subarray(i, i + 8192)); return btoa(s); }",
            size);
        return (Convert.FromBase64String(base64), size);
    }

    private static string Decode((byte[] Rgba, int Size) image)
    {
        var reader = new BarcodeReaderGeneric { Options = { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        var result = reader.Decode(new RGBLuminanceSource(image.Rgba, image.Size, image.Size, RGBLuminanceSource.BitmapFormat.RGBA32));
        Assert.NotNull(result);
        return result.Text;
    }
}
