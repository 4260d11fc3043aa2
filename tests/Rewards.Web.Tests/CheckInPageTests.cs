using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rewards.Functions.Tests.Activities;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests;

/// <summary>On-site check-in in a real Chromium: the venue screen shows the code, the worker types it or scans it.</summary>
[Collection(WebCollection.Name)]
public sealed partial class CheckInPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task The_worker_types_the_code_the_venue_screen_shows_and_sees_the_points()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var link = await LinkAsync(app);
        await using var screenContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var screen = await screenContext.NewPageAsync();
        await screen.GotoAsync($"{app.Http.BaseAddress}console/activities/a-walk/checkin");
        await screen.Locator("#key").FillAsync(TestApp.AdminKey);
        await screen.GetByRole(AriaRole.Button, new() { Name = "显示签到码" }).ClickAsync();
        await Assertions.Expect(screen.GetByTestId("code")).ToHaveTextAsync(SixDigits());
        var code = await screen.GetByTestId("code").TextContentAsync();
        await Assertions.Expect(screen.Locator("#signin")).ToBeHiddenAsync();
        await Assertions.Expect(screen.GetByTestId("qr")).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await screen.GetByTestId("qr").EvaluateAsync<int>("img => img.naturalWidth") > 0, "the QR code is drawn");
        Assert.Equal(TestApp.AdminKey, await screen.EvaluateAsync<string?>("() => sessionStorage.getItem('rewards.adminKey')"));
        Assert.Equal(0, await screen.EvaluateAsync<int>("() => localStorage.length"));
        Assert.DoesNotContain("ak_", screen.Url, StringComparison.Ordinal);

        await using var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Phone });
        var worker = await phone.NewPageAsync();
        await worker.GotoAsync(link);
        await Assertions.Expect(worker.GetByTestId("activities")).ToContainTextAsync("5·25 健步走");
        await worker.GetByTestId("checkin").ClickAsync();
        await worker.Locator("#checkin-code").FillAsync(code!);
        await worker.GetByRole(AriaRole.Button, new() { Name = "确认签到" }).ClickAsync();

        await Assertions.Expect(worker.GetByTestId("checkin-result")).ToHaveTextAsync("《5·25 健步走》签到成功，+10 积分");
        await Assertions.Expect(worker.GetByTestId("balance")).ToHaveTextAsync("10");
        await Assertions.Expect(worker.GetByTestId("activities")).ToContainTextAsync("已签到");
        await Assertions.Expect(worker.GetByTestId("checkin")).ToBeDisabledAsync();
        await Assertions.Expect(worker.Locator("#ledger")).ToContainTextAsync("参加健步走《5·25 健步走》签到");
        await Assertions.Expect(screen.GetByTestId("checked-in")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await screen.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "checkin-screen.png") });
        await worker.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "checkin-worker.png"), FullPage = true });
    }

    [Fact]
    public async Task The_worker_page_scans_the_venue_screens_QR_code_with_the_camera()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var link = await LinkAsync(app);

        // What the camera sees: the QR code as the venue screen draws it.
        await using var screenContext = await browser.Browser.NewContextAsync();
        var screen = await screenContext.NewPageAsync();
        await screen.GotoAsync($"{app.Http.BaseAddress}console/activities/a-walk/checkin");
        await screen.Locator("#key").FillAsync(TestApp.AdminKey);
        await screen.Locator("#key").PressAsync("Enter");
        await Assertions.Expect(screen.GetByTestId("code")).ToHaveTextAsync(SixDigits());
        await Assertions.Expect(screen.GetByTestId("qr")).ToHaveJSPropertyAsync("complete", true);
        var video = FakeCamera.WriteY4m(await screen.GetByTestId("qr").ScreenshotAsync());

        using var playwright = await Playwright.CreateAsync();
        await using var camera = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-video-capture={video}"],
        });
        try
        {
            await using var phone = await camera.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Phone, Permissions = ["camera"] });
            var worker = await phone.NewPageAsync();
            await worker.GotoAsync(link);
            await Assertions.Expect(worker.GetByTestId("activities")).ToContainTextAsync("5·25 健步走");
            await worker.GetByTestId("checkin").ClickAsync();

            await Assertions.Expect(worker.GetByTestId("checkin-result")).ToHaveTextAsync("《5·25 健步走》签到成功，+10 积分", new() { Timeout = 60_000 });
            await Assertions.Expect(worker.GetByTestId("balance")).ToHaveTextAsync("10");
            // Debian's Chromium has no BarcodeDetector on Linux: there the frames were read by the jsQR the app serves.
            var native = await worker.EvaluateAsync<bool>("() => 'BarcodeDetector' in window");
            Assert.True(native || await worker.EvaluateAsync<bool>("() => typeof jsQR === 'function'"), "the page decoded the frames with BarcodeDetector or with the jsQR it serves");
            Assert.True(await worker.EvaluateAsync<bool>("() => document.getElementById('checkin-video').srcObject === null"), "the camera is released after the scan");
        }
        finally
        {
            File.Delete(video);
        }
    }

    private static async Task<string> LinkAsync(TestApp app)
    {
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-001", displayName = "张伟", unitId = "daxing-01" });
        var (_, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-001/link");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());
        return link.Value<string>("url")!;
    }

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex SixDigits();
}
