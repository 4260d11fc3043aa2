using Microsoft.Extensions.Configuration;
using Rewards.DevHost.Hosting;

namespace Rewards.Functions.Tests.DevHost;

/// <summary>The DevHost supplies each secret configuration leaves out, on its own, and keeps them owner-only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DevSecretsTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "rewards-secrets-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    private static IConfiguration Given(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void With_only_an_admin_key_configured_a_signing_key_is_generated_and_no_admin_key()
    {
        var filled = DevSecrets.Fill(_state, Given(("Rewards:AdminKeys:0", "ak_0123456789abcdef0123456789abcdef")));

        Assert.Equal([DevSecrets.ActiveKey, DevSecrets.CheckInCodeKey, DevSecrets.SigningKey, DevSecrets.WebhookEncryptionKey], filled.Settings.Keys.Order());
        Assert.Null(filled.GeneratedAdminKey);
    }

    [Fact]
    public void With_only_a_signing_key_configured_an_admin_key_is_generated_and_reported_for_the_banner()
    {
        var filled = DevSecrets.Fill(_state, Given(("Rewards:LinkSigningKeys:k1", Convert.ToBase64String(new byte[32]))));

        Assert.Equal([DevSecrets.AdminKey, DevSecrets.CheckInCodeKey, DevSecrets.WebhookEncryptionKey], filled.Settings.Keys.Order());
        Assert.Equal(filled.Settings[DevSecrets.AdminKey], filled.GeneratedAdminKey);
    }

    [Fact]
    public void The_demo_partner_key_is_made_only_for_the_demo()
    {
        var plain = DevSecrets.Fill(_state, Given());
        var demo = DevSecrets.Fill(_state, Given(), demo: true);

        Assert.DoesNotContain(DevSecrets.DemoPartnerKey, plain.Settings.Keys);
        Assert.Matches("^pk_p-001\\.[0-9a-f]{48}$", demo.Settings[DevSecrets.DemoPartnerKey]);
    }

    [Fact]
    public void Generated_secrets_are_kept_across_starts_in_a_file_only_its_owner_can_read()
    {
        var first = DevSecrets.Fill(_state, Given());
        var path = Path.Combine(_state, "dev-secrets.json");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var again = DevSecrets.Fill(_state, Given());

        Assert.Equal(first.Settings, again.Settings);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
