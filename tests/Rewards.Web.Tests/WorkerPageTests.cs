using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class WorkerPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task A_worker_opens_their_link_learns_and_sees_the_points_arrive()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.ContentAsync("c-001", points: 5, minSeconds: 1, title: "安全帽的正确佩戴");
        var (_, link) = await CreateWorkerLinkAsync(app);
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });

        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("张伟");
        var item = page.Locator("li[data-content='c-001']");
        await item.GetByRole(AriaRole.Button, new() { Name = "开始学习" }).ClickAsync();
        var claim = item.GetByRole(AriaRole.Button, new() { Name = "领取积分" });
        await claim.ClickAsync(new LocatorClickOptions { Timeout = 30_000 });

        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("5");
        await Assertions.Expect(item).ToContainTextAsync("+5 积分");
        await Assertions.Expect(page.Locator("#ledger")).ToContainTextAsync("学习《安全帽的正确佩戴》");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "worker-page.png"), FullPage = true });
    }

    [Fact]
    public async Task A_micro_video_plays_inside_the_worker_page_while_the_lesson_timer_runs()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/content", json: new { id = "c-001", title = "安全帽的正确佩戴", kind = "video", url = "/media/helmet.mp4", points = 5, minSeconds = 1 });
        Assert.Equal(201, status);
        var (_, link) = await CreateWorkerLinkAsync(app);
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });

        await page.GotoAsync(link);
        var item = page.Locator("li[data-content='c-001']");
        await item.GetByRole(AriaRole.Button, new() { Name = "开始学习" }).ClickAsync();
        var video = item.Locator("video.viewer");
        await Assertions.Expect(video).ToBeVisibleAsync();

        // The DevHost serves the demo's video (Demo/media): the player reads its length, 24 s, from the file itself.
        await page.WaitForFunctionAsync("() => document.querySelector('video.viewer').readyState >= 1", null, new() { Timeout = 30_000 });
        Assert.Equal(24, await video.EvaluateAsync<double>("v => Math.round(v.duration)"));
        Assert.Single(page.Context.Pages);
        await item.GetByRole(AriaRole.Button, new() { Name = "领取积分" }).ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("5");

        // A micro-class without a link is read in the page: its text, paragraph by paragraph, never as markup.
        var (created, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/content", json: new { id = "c-002", title = "心肺复苏要点", kind = "class", body = "先确认现场安全。\n\n按压深度 5 至 6 厘米。<b>不是标记</b>", points = 2, minSeconds = 1 });
        Assert.Equal(201, created);
        await page.ReloadAsync();
        var lesson = page.Locator("li[data-content='c-002']");
        await lesson.GetByRole(AriaRole.Button, new() { Name = "开始学习" }).ClickAsync();
        await Assertions.Expect(lesson.Locator(".lesson p")).ToHaveCountAsync(2);
        await Assertions.Expect(lesson.Locator(".lesson")).ToContainTextAsync("<b>不是标记</b>");
    }

    [Fact]
    public async Task The_link_leaves_the_address_bar_and_lives_only_in_the_tab()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (token, link) = await CreateWorkerLinkAsync(app);
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("张伟");
        var address = page.Url;
        var inTab = await page.EvaluateAsync<string?>("() => sessionStorage.getItem('rewards.token')");
        var onPhone = await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => localStorage.getItem(k).includes('wt_')).length");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("张伟");
        var again = await browser.Browser.NewPageAsync();
        await again.GotoAsync(link);

        Assert.EndsWith("/w/", address, StringComparison.Ordinal);
        Assert.DoesNotContain(token, address, StringComparison.Ordinal);
        Assert.Equal(token, inTab);
        Assert.Equal(0, onPhone);
        await Assertions.Expect(again.Locator("#who")).ToContainTextAsync("张伟");
    }

    [Fact]
    public async Task The_token_in_a_new_link_never_reaches_the_server_in_a_url()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (token, link) = await CreateWorkerLinkAsync(app);
        var page = await browser.Browser.NewPageAsync();
        var urls = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => urls.Enqueue(request.Url);

        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("张伟");

        Assert.Contains("/w/#wt_", link, StringComparison.Ordinal);
        Assert.Contains(urls, u => u.EndsWith("/w/", StringComparison.Ordinal));
        Assert.Contains(urls, u => u.Contains("/api/me", StringComparison.Ordinal));
        Assert.DoesNotContain(urls, u => u.Contains(token[3..], StringComparison.Ordinal));
        Assert.EndsWith("/w/", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_printed_before_in_the_path_form_still_works_and_leaves_the_address_bar()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (token, _) = await CreateWorkerLinkAsync(app);
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync($"{app.Http.BaseAddress}w/{token}");

        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("张伟");
        Assert.EndsWith("/w/", page.Url, StringComparison.Ordinal);
        Assert.Equal(token, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('rewards.token')"));
    }

    [Fact]
    public async Task The_page_switches_to_english()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, link) = await CreateWorkerLinkAsync(app);
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync(link);
        await page.Locator("#lang").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ankang Cup · Safety points");
    }

    [Fact]
    public async Task A_revoked_link_shows_why_it_no_longer_works()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, link) = await CreateWorkerLinkAsync(app);
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-001/link", json: new { revokePrevious = true });
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync(link);

        // One plain screen that says what to do, not a page of buttons that cannot work.
        await Assertions.Expect(page.GetByTestId("dead-link")).ToContainTextAsync("这个链接无效或已失效");
        await Assertions.Expect(page.Locator("#quizzes")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_link_without_its_token_says_so_in_chinese()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/w/").ToString());

        await Assertions.Expect(page.GetByTestId("dead-link")).ToContainTextAsync("这个链接");
        await Assertions.Expect(page.GetByTestId("dead-link")).Not.ToContainTextAsync("Bearer");
    }

    [Theory]
    [InlineData(500, "", "系统开小差了")]
    [InlineData(503, "{\"code\":\"contention\",\"status\":503,\"detail\":\"The account is busy.\"}", "操作太频繁")]
    [InlineData(500, "<html>gateway error</html>", "系统开小差了")]
    public async Task A_failing_server_shows_a_friendly_message_never_a_parse_error(int status, string body, string message)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, link) = await CreateWorkerLinkAsync(app);
        var page = await browser.Browser.NewPageAsync();
        await page.RouteAsync("**/api/me", route => route.FulfillAsync(new RouteFulfillOptions { Status = status, Body = body, ContentType = "application/problem+json" }));

        await page.GotoAsync(link);

        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync(message);
        await Assertions.Expect(page.Locator("#error")).Not.ToContainTextAsync("JSON");
    }

    private static async Task<(string Token, string Url)> CreateWorkerLinkAsync(TestApp app)
    {
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-001", displayName = "张伟", unitId = "daxing-01" });
        var (_, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-001/link");
        return (link.Value<string>("token")!, link.Value<string>("url")!);
    }
}
