using System.Text.Json.Nodes;
using Rewards.Functions.Storage;

namespace Rewards.Infra.Tests;

public sealed class InfrastructureTests
{
    private static async Task<JsonNode> SnapshotAsync(params string[] parameters) => await SnapshotOfAsync(Bicep.Infra, parameters);

    private static async Task<JsonNode> SnapshotOfAsync(string infra, params string[] parameters)
    {
        var (snapshot, errors) = await Bicep.SnapshotAsync(infra, parameters);
        Assert.True(snapshot is not null, $"bicep snapshot failed: {errors}");
        return snapshot;
    }

    [Fact]
    public async Task The_template_builds_and_lints_without_a_warning()
    {
        var (exit, output, errors) = await Bicep.RunAsync("lint", Path.Combine(Bicep.Infra, "main.bicep"));
        Assert.True(exit == 0, $"bicep lint failed: {output}{errors}");
        Assert.Equal("", (output + errors).Trim());

        (exit, _, errors) = await Bicep.RunAsync("build", Path.Combine(Bicep.Infra, "main.bicep"), "--stdout");
        Assert.True(exit == 0, $"bicep build failed: {errors}");
        Assert.DoesNotContain("Warning", errors, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_parameter_file_builds_and_takes_no_secret()
    {
        var (exit, output, errors) = await Bicep.RunAsync("build-params", Path.Combine(Bicep.Infra, "main.bicepparam"), "--stdout");

        Assert.True(exit == 0, $"bicep build-params failed: {errors}");
        Assert.Contains("hostingPlan", output, StringComparison.Ordinal);
        Assert.DoesNotContain("readEnvironmentVariable", await File.ReadAllTextAsync(Path.Combine(Bicep.Infra, "main.bicepparam")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flex")]
    [InlineData("premium")]
    public async Task Each_hosting_plan_deploys_what_the_platform_needs(string plan)
    {
        var snapshot = await SnapshotAsync($"param hostingPlan = '{plan}'");

        Assert.Empty(TemplateChecks.Failures(snapshot, plan, StorageNames.Tables, StorageNames.Queues));
        Assert.Equal(plan, (string?)snapshot["outputs"]?["hostingPlan"]);
    }

    [Fact]
    public void No_template_file_names_a_global_Azure_host()
    {
        foreach (var file in Directory.EnumerateFiles(Bicep.Infra, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain("azurewebsites.net", File.ReadAllText(file), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_public_base_url_is_set_only_when_given()
    {
        Assert.DoesNotContain("Rewards__PublicBaseUrl", TemplateChecks.AppSettings(await SnapshotAsync()).Keys);

        var given = TemplateChecks.AppSettings(await SnapshotAsync("param publicBaseUrl = 'https://rewards.example.cn'"));
        Assert.Equal("https://rewards.example.cn", given["Rewards__PublicBaseUrl"]);
    }

    [Theory]
    [InlineData("Ankang")]
    [InlineData("ankang-1")]
    [InlineData("an kang")]
    public async Task A_name_other_than_lowercase_letters_and_digits_is_refused(string name)
    {
        var (snapshot, errors) = await Bicep.SnapshotAsync(Bicep.Infra, $"param name = '{name}'");

        Assert.Null(snapshot);
        Assert.Contains("lowercase letters and digits", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_name_salt_changes_the_vault_name_and_nothing_else()
    {
        var plain = await SnapshotAsync();
        var salted = await SnapshotAsync("param nameSalt = '2'");

        static string Vault(JsonNode s) => (string)TemplateChecks.OfType(s, "Microsoft.KeyVault/vaults").Single()["name"]!;
        static List<string> Others(JsonNode s) => [.. TemplateChecks.Resources(s).Where(r => (string?)r["type"] != "Microsoft.KeyVault/vaults" && !((string?)r["type"])!.StartsWith("Microsoft.Authorization", StringComparison.Ordinal) && (string?)r["type"] != "Microsoft.Insights/diagnosticSettings").Select(r => (string)r["name"]!)];
        Assert.NotEqual(Vault(plain), Vault(salted));
        Assert.True(Vault(salted).Length <= 24);
        Assert.Equal(Others(plain), Others(salted));
    }

    [Fact]
    public async Task Rotation_adds_a_key_id_and_keeps_the_old_one()
    {
        var snapshot = await SnapshotAsync("param linkSigningKeyIds = [1, 2]", "param activeLinkSigningKeyId = 2");
        var settings = TemplateChecks.AppSettings(snapshot);

        Assert.Equal("link-signing-key-1", TemplateChecks.ReferencedSecret(settings["Rewards__LinkSigningKeys__k1"]));
        Assert.Equal("link-signing-key-2", TemplateChecks.ReferencedSecret(settings["Rewards__LinkSigningKeys__k2"]));
        Assert.Equal("k2", settings["Rewards__ActiveLinkSigningKey"]);
        Assert.Equal(["admin-key-1", "webhook-encryption-key", "checkin-code-key", "link-signing-key-1", "link-signing-key-2"], snapshot["outputs"]!["secretNames"]!.AsArray().Select(n => (string)n!));

        var admins = TemplateChecks.AppSettings(await SnapshotAsync("param adminKeyIds = [1, 2]"));
        Assert.Equal("admin-key-1", TemplateChecks.ReferencedSecret(admins["Rewards__AdminKeys__0"]));
        Assert.Equal("admin-key-2", TemplateChecks.ReferencedSecret(admins["Rewards__AdminKeys__1"]));

        var (refused, errors) = await Bicep.SnapshotAsync(Bicep.Infra, "param activeLinkSigningKeyId = 2");
        Assert.Null(refused);
        Assert.Contains("activeLinkSigningKeyId must be one of linkSigningKeyIds", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_deployer_gets_secrets_officer_on_the_vault_and_upload_rights_on_the_package_container_only()
    {
        Assert.DoesNotContain(TemplateChecks.RoleAssignments(await SnapshotAsync()), a => a.Role == TemplateChecks.Roles["Key Vault Secrets Officer"]);

        var snapshot = await SnapshotAsync("param deployerPrincipalId = '11111111-2222-3333-4444-555555555555'");
        var vault = (string)TemplateChecks.OfType(snapshot, "Microsoft.KeyVault/vaults").Single()["id"]!;
        var account = (string)TemplateChecks.OfType(snapshot, "Microsoft.Storage/storageAccounts").Single()["id"]!;
        var deployer = TemplateChecks.RoleAssignments(snapshot)
            .Where(a => a.Principal == "11111111-2222-3333-4444-555555555555")
            .Select(a => (a.Role, a.Scope))
            .ToList();

        Assert.Equal([(TemplateChecks.Roles["Key Vault Secrets Officer"], vault), (TemplateChecks.Roles["Storage Blob Data Contributor"], $"{account}/blobServices/default/containers/app-package")], deployer);
    }

    [Fact]
    public async Task A_template_that_breaks_a_property_fails_the_check()
    {
        var copy = Directory.CreateTempSubdirectory("infra-broken-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(Bicep.Infra, "*.bicep*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(Bicep.Infra, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var storage = Path.Combine(copy.FullName, "modules", "storage.bicep");
            var text = await File.ReadAllTextAsync(storage);
            Assert.Contains("allowSharedKeyAccess: false", text, StringComparison.Ordinal);
            Assert.Contains("days: 7", text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(storage, text.Replace("allowSharedKeyAccess: false", "allowSharedKeyAccess: true", StringComparison.Ordinal).Replace("days: 7", "days: 1", StringComparison.Ordinal));

            var failures = TemplateChecks.Failures(await SnapshotOfAsync(copy.FullName), "flex", StorageNames.Tables, StorageNames.Queues);

            Assert.Equal(["allowSharedKeyAccess: false", "blob soft delete for 7 days"], failures);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
