using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class SharePageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task A_colleague_opening_a_shared_link_on_their_phone_credits_the_sharer()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.ContentAsync("c-001", points: 5, minSeconds: 1, title: "安全帽的正确佩戴");
        var sharerLink = await LinkAsync(app, "w-001", "张伟");
        var colleagueLink = await LinkAsync(app, "w-002", "王芳");

        await using var sharerPhone = await browser.Browser.NewContextAsync();
        var sharer = await sharerPhone.NewPageAsync();
        await sharer.GotoAsync(sharerLink);
        var share = sharer.Locator("li[data-content='c-001'] button.share");
        await share.ClickAsync();
        await Assertions.Expect(share).ToHaveTextAsync("链接已复制");
        var shareUrl = await share.GetAttributeAsync("data-url");

        await using var colleaguePhone = await browser.Browser.NewContextAsync();
        var colleague = await colleaguePhone.NewPageAsync();
        await colleague.GotoAsync(colleagueLink);
        await Assertions.Expect(colleague.Locator("#who")).ToContainTextAsync("王芳");
        await colleague.GotoAsync(shareUrl!);

        await Assertions.Expect(colleague.GetByTestId("share-status")).ToHaveTextAsync("已为分享的同事记上积分，谢谢！");
        await Assertions.Expect(colleague.Locator("#by")).ToHaveTextAsync("张伟 分享给你");
        await sharer.ReloadAsync();
        await Assertions.Expect(sharer.GetByTestId("balance")).ToHaveTextAsync("1");
    }

    private static async Task<string> LinkAsync(TestApp app, string id, string name)
    {
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id, displayName = name, unitId = "daxing-01" });
        var (_, link) = await app.SendAsync(HttpMethod.Post, $"/api/admin/workers/{id}/link");
        return link.Value<string>("url")!;
    }
}
