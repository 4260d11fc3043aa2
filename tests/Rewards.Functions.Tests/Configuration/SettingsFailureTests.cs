using System.Security.Cryptography;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Configuration;

/// <summary>A setting that is missing or wrong stops either host with one line naming it and a non-zero exit, never a stack trace.</summary>
[Collection(HostProcessCollection.Name)]
public sealed class SettingsFailureTests
{
    private const string StrongAdminKey = "ak_0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private static readonly string WebhookKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task The_functions_host_without_a_link_signing_key_exits_with_one_line_naming_the_setting()
    {
        await using var host = HostProcess.FunctionsWorker(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Rewards:AdminKeys:0"] = StrongAdminKey,
            ["Rewards:WebhookEncryptionKey"] = WebhookKey,
        });

        var exit = await host.ExitCodeAsync(Generous);

        Assert.NotEqual(0, exit);
        Assert.Equal(["Configuration error: Rewards__LinkSigningKeys is not set: worker links need at least one signing key, Base64 of 32 bytes or more (for example Rewards__LinkSigningKeys__k1)."], host.Lines);
    }

    [Fact]
    public async Task The_functions_host_without_storage_exits_with_one_line_naming_the_setting()
    {
        await using var host = HostProcess.FunctionsWorker(new Dictionary<string, string>
        {
            ["Rewards:AdminKeys:0"] = StrongAdminKey,
            ["Rewards:LinkSigningKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rewards:WebhookEncryptionKey"] = WebhookKey,
        });

        var exit = await host.ExitCodeAsync(Generous);

        Assert.NotEqual(0, exit);
        var line = Assert.Single(host.Lines);
        Assert.StartsWith("Configuration error: AzureWebJobsStorage is not set", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_devhost_with_a_signing_key_that_is_not_base64_exits_with_one_line_naming_the_setting()
    {
        await using var host = HostProcess.DevHost(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Rewards:AdminKeys:0"] = StrongAdminKey,
            ["Rewards:LinkSigningKeys:k1"] = "not base64!",
            ["DevHost:State"] = Path.Combine(Path.GetTempPath(), "rewards-failure-" + Guid.NewGuid().ToString("N")),
        });

        var exit = await host.ExitCodeAsync(Generous);

        Assert.NotEqual(0, exit);
        Assert.Equal(["Configuration error: Rewards__LinkSigningKeys__k1 must be Base64 of 32 bytes or more."], host.Lines);
    }

    [Fact]
    public async Task The_functions_host_without_a_webhook_encryption_key_exits_with_one_line_naming_the_setting()
    {
        await using var host = HostProcess.FunctionsWorker(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Rewards:AdminKeys:0"] = StrongAdminKey,
            ["Rewards:LinkSigningKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });

        var exit = await host.ExitCodeAsync(Generous);

        Assert.Equal(3, exit);
        Assert.Equal(["Configuration error: Rewards__WebhookEncryptionKey is not set: partners' webhook signing secrets are encrypted under it, Base64 of exactly 32 bytes (a Key Vault secret in Azure)."], host.Lines);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2l4dGVlbiBieXRlcyBrZXk=")]
    public async Task The_devhost_with_a_webhook_encryption_key_that_is_not_32_bytes_of_base64_exits_with_one_line_naming_the_setting(string key)
    {
        await using var host = HostProcess.DevHost(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Rewards:AdminKeys:0"] = StrongAdminKey,
            ["Rewards:LinkSigningKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rewards:WebhookEncryptionKey"] = key,
            ["DevHost:State"] = Path.Combine(Path.GetTempPath(), "rewards-failure-" + Guid.NewGuid().ToString("N")),
        });

        var exit = await host.ExitCodeAsync(Generous);

        Assert.Equal(3, exit);
        Assert.Equal(["Configuration error: Rewards__WebhookEncryptionKey must be Base64 of exactly 32 bytes (an AES-256 key)."], host.Lines);
    }

    [Fact]
    public async Task The_devhost_refuses_to_seed_the_demo_into_configured_storage()
    {
        await using var host = HostProcess.DevHost(new Dictionary<string, string> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }, "--demo");

        var exit = await host.ExitCodeAsync(Generous);

        Assert.NotEqual(0, exit);
        var line = Assert.Single(host.Lines);
        Assert.Contains("--demo seeds only the DevHost's own Azurite", line, StringComparison.Ordinal);
    }
}
