using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class PrizeAndPartnerPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_creates_a_partner_sees_its_key_once_copies_it_and_after_a_reload_it_is_gone_everywhere()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await ConsolePage.SignedInAsync(browser, app, "partners", new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        var form = page.GetByTestId("partner-create");

        await form.GetByLabel("编号", new() { Exact = true }).FillAsync("p-101");
        await form.GetByLabel("名称", new() { Exact = true }).FillAsync("区职工服务社");
        await form.GetByLabel("联系人及电话").FillAsync("刘经理 010-69200000");
        await form.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();

        await Assertions.Expect(page.Locator("tr[data-partner='p-101']")).ToContainTextAsync("区职工服务社");
        var key = await page.GetByTestId("api-key").InputValueAsync();
        var secret = await page.GetByTestId("webhook-secret").InputValueAsync();
        Assert.StartsWith("pk_p-101.", key, StringComparison.Ordinal);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(200, (await app.SendAsync(HttpMethod.Get, "/api/partner/me", key)).Status);

        await page.GetByRole(AriaRole.Button, new() { Name = "复制 API 密钥" }).ClickAsync();
        await Assertions.Expect(page.GetByText("已复制").First).ToBeVisibleAsync();
        Assert.Equal(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        var stored = await page.EvaluateAsync<string>("() => JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)])");
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("tr[data-partner='p-101']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("api-key")).ToHaveCountAsync(0);

        var rotate = page.Locator("tr[data-partner='p-101']").GetByRole(AriaRole.Button, new() { Name = "更换 API 密钥" });
        await rotate.ClickAsync();
        await page.Locator("tr[data-partner='p-101']").GetByRole(AriaRole.Button, new() { Name = "旧密钥将立即失效，确认？" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("api-key")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^pk_p-101\\."));
        var rotated = await page.GetByTestId("api-key").InputValueAsync();
        Assert.NotEqual(key, rotated);
        Assert.Equal(401, (await app.SendAsync(HttpMethod.Get, "/api/partner/me", key)).Status);
        Assert.Equal(200, (await app.SendAsync(HttpMethod.Get, "/api/partner/me", rotated)).Status);

        await page.Locator("tr[data-partner='p-101']").GetByRole(AriaRole.Button, new() { Name = "更换 Webhook 签名密钥" }).ClickAsync();
        await page.Locator("tr[data-partner='p-101']").GetByRole(AriaRole.Button, new() { Name = "确认更换？" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-secret")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        Assert.NotEqual(secret, await page.GetByTestId("webhook-secret").InputValueAsync());
        await Assertions.Expect(page.GetByTestId("api-key")).ToHaveCountAsync(0); // one secret at a time

        await page.Locator("tr[data-partner='p-101']").GetByRole(AriaRole.Link, new() { Name = "p-101" }).ClickAsync();
        var edit = page.GetByTestId("partner-edit");
        await edit.GetByLabel("接单期限（天）").FillAsync("5");
        await edit.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.GetByText("已保存。")).ToBeVisibleAsync();
        Assert.Equal(5, (await app.SendAsync(HttpMethod.Get, "/api/admin/partners/p-101")).Body.Value<int>("acceptanceDays"));
    }

    [Fact]
    public async Task An_admin_creates_a_prize_and_a_double_submitted_restock_adds_the_stock_once()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (partner, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-001", name = "区职工服务社" });
        Assert.Equal(201, partner);
        var page = await ConsolePage.SignedInAsync(browser, app, "prizes");
        var form = page.GetByTestId("prize-create");

        await form.GetByLabel("编号", new() { Exact = true }).FillAsync("r-101");
        await form.GetByLabel("名称", new() { Exact = true }).FillAsync("家庭急救包");
        await form.GetByLabel("所需积分").FillAsync("200");
        await form.GetByLabel("初始库存").FillAsync("10");
        await form.GetByLabel("每人限兑").FillAsync("1");
        await form.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();

        var row = page.Locator("tr[data-prize='r-101']");
        await Assertions.Expect(row).ToContainTextAsync("家庭急救包");
        await Assertions.Expect(row.GetByTestId("remaining")).ToHaveTextAsync("10");
        var (_, created) = await app.SendAsync(HttpMethod.Get, "/api/admin/rewards/r-101");
        Assert.Equal((200, "p-001", 1), (created["reward"]!.Value<int>("cost"), created["reward"]!.Value<string>("partnerId"), created["reward"]!.Value<int>("perWorkerLimit")));

        await row.GetByRole(AriaRole.Link, new() { Name = "r-101" }).ClickAsync();
        var restock = page.GetByTestId("restock");
        await restock.GetByLabel("补充数量").FillAsync("5");
        await restock.EvaluateAsync("f => { f.requestSubmit(); f.requestSubmit(); }");
        await Assertions.Expect(page.GetByTestId("stock")).ToContainTextAsync("剩余 15", new() { Timeout = 30_000 });
        var (_, restocked) = await app.SendAsync(HttpMethod.Get, "/api/admin/rewards/r-101");
        Assert.Equal((15, 5), (restocked["stock"]!.Value<int>("remaining"), restocked["stock"]!.Value<int>("restocked")));
    }
}
