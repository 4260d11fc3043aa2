using YamlDotNet.RepresentationModel;

namespace Rewards.Infra.Tests;

public sealed class WorkflowTests
{
    private static readonly string Workflow = Path.Combine(Bicep.Root(), ".github", "workflows", "deploy.yml");

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Workflow));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    [Fact]
    public void The_deploy_workflow_parses_runs_on_a_tag_and_logs_in_with_oidc()
    {
        var root = Load();
        var on = (YamlMappingNode)root["on"];
        var permissions = (YamlMappingNode)root["permissions"];
        var steps = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)root["jobs"]).Children.Values.Single())["steps"]).Cast<YamlMappingNode>().ToList();

        Assert.True(((YamlMappingNode)on["push"]).Children.ContainsKey("tags"));
        Assert.Equal("write", permissions["id-token"].ToString());
        Assert.Contains(steps, s => s.Children.TryGetValue("uses", out var uses) && uses.ToString().StartsWith("azure/login@", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.Children.TryGetValue("with", out var with) && ((YamlMappingNode)with).Children.ContainsKey("creds"));
    }

    [Fact]
    public void The_deploy_workflow_runs_only_commands_the_README_gives()
    {
        var readme = File.ReadAllLines(Path.Combine(Bicep.Root(), "README.md")).Select(l => l.Trim()).ToHashSet();
        var jobs = (YamlMappingNode)Load()["jobs"];
        var commands = jobs.Children.Values.Cast<YamlMappingNode>()
            .SelectMany(job => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>())
            .Where(step => step.Children.ContainsKey("run"))
            .SelectMany(step => step["run"].ToString().Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .ToList();

        Assert.NotEmpty(commands);
        Assert.All(commands, command => Assert.True(readme.Contains(command), $"the workflow runs '{command}', which the README does not give"));
    }
}
