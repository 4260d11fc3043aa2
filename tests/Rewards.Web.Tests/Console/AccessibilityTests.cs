using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

/// <summary>axe-core (npm, pinned in package.json) injected into each page: no serious or critical violation.</summary>
[Collection(WebCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(Rewards.DevHost.Hosting.Azurite.FindRepositoryRoot(AppContext.BaseDirectory), "node_modules", "axe-core", "axe.min.js"));

    [Fact]
    public async Task Console_pages_and_the_worker_page_have_no_serious_or_critical_violation()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "u-1", "大兴制药");
        var token = await app.WorkerAsync("w-1", "u-1", "张伟");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 10, reason = "奖励" }, idempotencyKey: "a");
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-1", name = "大兴区职工服务社" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-1", title = "家庭急救包", cost = 5, stock = 5, partnerId = "p-1" });
        var (_, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-1", quantity = 1 }, "r");
        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{redemption.Value<string>("id")}", token)).Body.Value<string>("status") == "reserved", "reserved");
        var (_, hazard) = await Rewards.Functions.Tests.Hazards.Hazards.SubmitAsync(app, token, Rewards.Functions.Tests.Hazards.TestPhotos.Jpeg(800, 600), "二车间东侧通道");
        await Rewards.Functions.Tests.Hazards.Hazards.ProcessedAsync(app, hazard.Value<string>("id")!, "u-1");

        // The page's CSP forbids injected scripts, as it should; the audit context bypasses it to load axe.
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var failures = new List<string>();

        await page.GotoAsync($"{app.Http.BaseAddress}console");
        await Assertions.Expect(page.GetByLabel("管理员密钥")).ToBeVisibleAsync();
        failures.AddRange(await ViolationsAsync(page, "sign-in"));
        await page.GetByLabel("管理员密钥").FillAsync(TestApp.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        foreach (var (hash, ready) in new[] { ("overview", "[data-testid=day-chart] svg"), ("units", "tr[data-unit]"), ("workers", "tr[data-worker]"), ("worker/w-1", "[data-testid=ledger] tbody tr"), ("posters", "#view form"), ("orders", "tr[data-order]"), ("hazards", "article[data-hazard]"), ("reports", "#view form"), ("audit", "[data-testid=audit-list]"),
            ("content", "[data-testid=content-list]"), ("quizzes", "[data-testid=quiz-list]"), ("quizzes/new", "[data-testid=questions] fieldset"), ("campaigns", "[data-testid=campaign-list]"),
            ("competitions", "[data-testid=competition-list]"), ("activities", "[data-testid=activity-list]"), ("rules", "[data-testid=rules]"), ("prizes", "[data-testid=prize-list]"), ("partners", "[data-testid=partner-list] p, [data-testid=partner-list] table") })
        {
            await page.GotoAsync($"{app.Http.BaseAddress}console#/{hash}");
            await page.Locator(ready).First.WaitForAsync();
            failures.AddRange(await ViolationsAsync(page, hash));
        }

        await page.GotoAsync($"{app.Http.BaseAddress}w/#{token}");
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("5", new() { Timeout = 60_000 });
        failures.AddRange(await ViolationsAsync(page, "worker page"));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<IEnumerable<string>> ViolationsAsync(IPage page, string name)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Axe });
        var json = await page.EvaluateAsync<string>("async () => JSON.stringify((await axe.run(document)).violations)");
        return JArray.Parse(json)
            .Where(v => v.Value<string>("impact") is "serious" or "critical")
            .Select(v => $"{name}: {v.Value<string>("id")} ({v.Value<string>("impact")}) {string.Join(" | ", v["nodes"]!.Take(3).Select(n => n.Value<string>("html")))}");
    }
}
