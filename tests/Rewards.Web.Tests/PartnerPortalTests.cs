using System.Text;
using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Tests.Webhooks;

namespace Rewards.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class PartnerPortalTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private static async Task<(string Key, List<string> Orders)> PartnerWithOrdersAsync(TestApp app, int orders, string? webhookUrl = null, string name = "张伟")
    {
        var (_, partner) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-001", name = "大兴区职工服务社", webhookUrl });
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "家庭急救包", cost = 10, stock = 20, partnerId = "p-001", perWorkerLimit = 10 });
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-001", displayName = "张伟", unitId = "daxing-01" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-001", amount = 200, reason = "安全标兵奖励" }, idempotencyKey: "fund");
        var (_, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-001/link");
        var token = link.Value<string>("token");
        var ids = new List<string>();
        for (var i = 0; i < orders; i++)
        {
            var (_, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1, delivery = new { name, phone = "13800000000", address = $"大兴区黄村 {i} 号" } }, $"r{i}");
            var id = redemption.Value<string>("id")!;
            await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{id}", token)).Body.Value<string>("status") == "reserved", "reserved");
            ids.Add(id);
        }

        return (partner.Value<string>("apiKey")!, ids);
    }

    private static async Task<IPage> SignInAsync(BrowserFixture browser, TestApp app, string key)
    {
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/partner").ToString());
        await page.Locator("#key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("大兴区职工服务社");
        return page;
    }

    private static async Task ActAsync(IPage page, string orderId, string action, string shows, string? input = null)
    {
        await page.Locator($"tr[data-order='{orderId}'] button.open").ClickAsync();
        await page.Locator($"#detail button[data-action='{action}']").ClickAsync();
        if (input is not null)
        {
            await page.Locator("#confirm-input").FillAsync(input);
        }

        await page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(page.Locator("#detail-history")).ToContainTextAsync(shows);
        await page.Locator("#detail-close").ClickAsync();
    }

    private static async Task<string?> StatusAsync(TestApp app, string key, string id) =>
        (await app.SendAsync(HttpMethod.Get, $"/api/partner/orders/{id}", key)).Body.Value<string>("status");

    [Fact]
    public async Task A_partner_signs_in_accepts_ships_delivers_rejects_and_bulk_accepts()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (key, orders) = await PartnerWithOrdersAsync(app, 4);
        var page = await SignInAsync(browser, app, key);
        await Assertions.Expect(page.Locator("#tabs button[data-status='reserved']")).ToHaveTextAsync("待接单 (4)");

        await ActAsync(page, orders[0], "accept", "待发货");
        await page.Locator("#tabs button[data-status='accepted']").ClickAsync();
        // Shipping without a tracking number stays open and says what is missing.
        await page.Locator($"tr[data-order='{orders[0]}'] button.open").ClickAsync();
        await page.Locator("#detail button[data-action='ship']").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-text")).ToContainTextAsync("请填写后再确认");
        await page.Locator("#confirm-input").FillAsync("SF1234567890");
        await page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(page.Locator("#detail-history")).ToContainTextAsync("已发货 · SF1234567890");
        await page.Locator("#detail-close").ClickAsync();
        await page.Locator("#tabs button[data-status='shipped']").ClickAsync();
        await ActAsync(page, orders[0], "deliver", "已签收");
        await page.Locator("#tabs button[data-status='reserved']").ClickAsync();
        await ActAsync(page, orders[1], "reject", "已拒绝 · 库存不足", "库存不足");
        await page.Locator("#bulk-accept").ClickAsync();
        await Assertions.Expect(page.Locator("#error")).ToHaveTextAsync("请先勾选要接的订单。");
        await page.Locator($"tr[data-order='{orders[2]}'] input.pick").CheckAsync();
        await page.Locator($"tr[data-order='{orders[3]}'] input.pick").CheckAsync();
        await page.Locator("#bulk-accept").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();

        await Assertions.Expect(page.Locator("#tabs button[data-status='accepted']")).ToHaveTextAsync("待发货 (2)");
        Assert.Equal("delivered", await StatusAsync(app, key, orders[0]));
        Assert.Equal("rejected", await StatusAsync(app, key, orders[1]));
        Assert.Equal(("accepted", "accepted"), (await StatusAsync(app, key, orders[2]), await StatusAsync(app, key, orders[3])));
        var (_, shipped) = await app.SendAsync(HttpMethod.Get, $"/api/partner/orders/{orders[0]}", key);
        Assert.Equal("SF1234567890", shipped.Value<string>("trackingNo"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "partner-portal.png"), FullPage = true });
    }

    [Fact]
    public async Task A_mistake_shows_the_problem_code()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (key, orders) = await PartnerWithOrdersAsync(app, 1);
        var page = await SignInAsync(browser, app, key);
        await page.Locator($"tr[data-order='{orders[0]}'] button.open").ClickAsync();

        // The detail must have loaded the order as reserved before the other window rejects it (else it shows no accept).
        await Assertions.Expect(page.Locator("#detail button[data-action='accept']")).ToBeVisibleAsync();
        await app.SendAsync(HttpMethod.Post, $"/api/partner/orders/{orders[0]}/reject", key, new { reason = "另一个窗口已拒绝" });

        await page.Locator("#detail button[data-action='accept']").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();

        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("invalid-transition");
    }

    [Fact]
    public async Task The_export_is_utf8_with_a_bom_and_escapes_formula_cells()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (key, orders) = await PartnerWithOrdersAsync(app, 1, name: "=HYPERLINK(\"http://evil\")");
        await app.SendAsync(HttpMethod.Post, $"/api/partner/orders/{orders[0]}/accept", key);
        var page = await SignInAsync(browser, app, key);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export").ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var csv = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("订单号,奖品,数量,收件人,电话,地址", csv, StringComparison.Ordinal);
        Assert.Contains($"{orders[0]},家庭急救包,1,", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv, StringComparison.Ordinal);
        Assert.Contains("大兴区黄村 0 号", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_sets_its_webhook_sends_a_test_event_and_rotates_the_secret()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = await TestApp.StartAsync(azurite);
        var (key, _) = await PartnerWithOrdersAsync(app, 0);
        var page = await SignInAsync(browser, app, key);

        await page.Locator("#webhook-url").FillAsync(receiver.Url);
        await page.Locator("#webhook-form button[type=submit]").ClickAsync();
        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, "/api/partner/me", key)).Body.Value<string>("webhookUrl") == receiver.Url, "the URL is saved");
        await page.Locator("#test-event").ClickAsync();
        await TestApp.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Any(r => r.Type == "webhook.test")), "the test event arrived");
        await TestApp.EventuallyAsync(async () =>
        {
            await page.Locator("#refresh").ClickAsync();
            return (await page.Locator("#deliveries").TextContentAsync())?.Contains("webhook.test", StringComparison.Ordinal) == true;
        }, "the delivery is listed");
        await page.Locator("#rotate").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();

        await Assertions.Expect(page.GetByTestId("secret")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_[0-9a-f]{64}$"));
        await Assertions.Expect(page.Locator("#deliveries")).ToContainTextAsync("200");
        await Assertions.Expect(page.Locator("#overlap")).ToContainTextAsync("旧密钥");
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('rewards.partnerKey')"));
    }

    [Fact]
    public async Task A_rejected_key_returns_to_sign_in_and_the_page_switches_to_english()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (key, _) = await PartnerWithOrdersAsync(app, 0);
        var page = await SignInAsync(browser, app, key);

        await app.SendAsync(HttpMethod.Post, "/api/admin/partners/p-001/rotate-key");
        await page.Locator("#lang").ClickAsync();

        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("sign in again");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ankang Cup · Partner portal");
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('rewards.partnerKey')"));
    }
}
