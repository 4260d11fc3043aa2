using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Api;

[Collection(StorageCollection.Name)]
public sealed class StartupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_key_shorter_than_32_characters_is_refused_at_start_with_a_clear_message()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(azurite, configure: o => o.Settings["Rewards:AdminKeys:0"] = "ak_short_key"));

        Assert.Contains("at least 32 characters", refused.Message, StringComparison.Ordinal);
    }
}
