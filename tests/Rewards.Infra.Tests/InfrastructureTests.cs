using System.Text.Json.Nodes;
using Rewards.Functions.Storage;

namespace Rewards.Infra.Tests;

public sealed class InfrastructureTests
{
    private static async Task<JsonNode> BuildAsync(string file)
    {
        var (exit, output, errors) = await Bicep.RunAsync("build", file, "--stdout");
        Assert.True(exit == 0, $"bicep build failed: {errors}");
        Assert.DoesNotContain("Warning", errors, StringComparison.OrdinalIgnoreCase);
        return JsonNode.Parse(output)!;
    }

    [Fact]
    public async Task The_template_builds_and_lints_without_a_warning()
    {
        var (exit, output, errors) = await Bicep.RunAsync("lint", Path.Combine(Bicep.Infra, "main.bicep"));

        Assert.True(exit == 0, $"bicep lint failed: {output}{errors}");
        Assert.Equal("", (output + errors).Trim());
        await BuildAsync(Path.Combine(Bicep.Infra, "main.bicep"));
    }

    [Fact]
    public async Task The_parameter_file_builds()
    {
        var secrets = new Dictionary<string, string> { ["REWARDS_LINK_SIGNING_KEY"] = "a2V5", ["REWARDS_PARTNER_WEBHOOK_SECRET"] = "c2VjcmV0" };

        var (exit, output, errors) = await Bicep.RunAsync(secrets, "build-params", Path.Combine(Bicep.Infra, "main.bicepparam"), "--stdout");

        Assert.True(exit == 0, $"bicep build-params failed: {errors}");
        Assert.Contains("maximumInstanceCount", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compiled_template_deploys_what_the_platform_needs()
    {
        var template = await BuildAsync(Path.Combine(Bicep.Infra, "main.bicep"));

        Assert.Empty(TemplateChecks.Failures(template, StorageNames.Tables, StorageNames.Queues));
    }

    [Fact]
    public async Task A_template_that_allows_shared_keys_fails_the_check()
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
            await File.WriteAllTextAsync(storage, text.Replace("allowSharedKeyAccess: false", "allowSharedKeyAccess: true", StringComparison.Ordinal));

            var failures = TemplateChecks.Failures(await BuildAsync(Path.Combine(copy.FullName, "main.bicep")), StorageNames.Tables, StorageNames.Queues);

            Assert.Equal(["allowSharedKeyAccess: false"], failures);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
