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
        var steps = Steps(root);

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

    [Fact]
    public void No_step_writes_into_a_tree_an_elevated_step_created()
    {
        Assert.Empty(Privileges.Failures(Load()));
    }

    [Fact]
    public void The_old_workflow_that_tested_under_sudo_and_published_as_the_runner_fails_the_check()
    {
        const string old = """
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - name: Test
                    run: sudo bash .ci/run
                  - name: Publish
                    run: |
                      dotnet publish functions/Rewards.Functions -c Release -o publish
                      (cd publish && zip -r ../app.zip .)
            """;
        var yaml = new YamlStream();
        yaml.Load(new StringReader(old));

        var failures = Privileges.Failures((YamlMappingNode)yaml.Documents[0].RootNode);

        Assert.Contains(failures, f => f.Contains("dotnet publish", StringComparison.Ordinal) && f.Contains("sudo bash .ci/run", StringComparison.Ordinal));
    }

    [Fact]
    public void The_CI_script_elevates_only_its_package_install()
    {
        var lines = File.ReadAllLines(Path.Combine(Bicep.Root(), ".ci", "run")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.DoesNotContain(lines, l => l.StartsWith("sudo ", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.Contains("${elevate[@]}", StringComparison.Ordinal)), l => Assert.Contains("apt-get", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"${elevate[@]}\" apt-get install", StringComparison.Ordinal));
    }

    [Fact]
    public void The_login_targets_Azure_China_with_its_token_audience_by_default()
    {
        var login = Steps(Load()).Single(s => s.Children.TryGetValue("uses", out var uses) && uses.ToString().StartsWith("azure/login@", StringComparison.Ordinal));
        var with = (YamlMappingNode)login["with"];

        Assert.Contains("'AzureChinaCloud'", with["environment"].ToString(), StringComparison.Ordinal);
        Assert.Contains("'api://AzureADTokenExchangeChina'", with["audience"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_and_the_workflow_say_which_rights_and_federated_subject_the_deployer_needs()
    {
        var workflow = File.ReadAllText(Workflow);
        var readme = File.ReadAllText(Path.Combine(Bicep.Root(), "README.md"));

        foreach (var text in new[] { workflow, readme })
        {
            Assert.Contains("repo:{org}/{repo}:environment:production", text, StringComparison.Ordinal);
            Assert.Contains("User Access Administrator", text, StringComparison.Ordinal);
            Assert.Contains("Role Based Access Control Administrator", text, StringComparison.Ordinal);
            Assert.Contains("Contributor is not enough", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal("production", ((YamlMappingNode)((YamlMappingNode)Load()["jobs"])["deploy"])["environment"].ToString());
    }

    private static List<YamlMappingNode> Steps(YamlMappingNode root) =>
        [.. ((YamlMappingNode)root["jobs"]).Children.Values.Cast<YamlMappingNode>().SelectMany(job => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>())];
}
