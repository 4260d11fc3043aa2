using YamlDotNet.RepresentationModel;

namespace Rewards.Infra.Tests;

/// <summary>
/// Walks each job's commands in order and reports a command that runs as the runner's user after an elevated
/// command (sudo, other than a package install) could have written root-owned files into the working tree: the
/// publish that failed with "access denied" on the obj/ folders of a test run under sudo. A job in a container
/// runs every step as the container's one user, so nothing in it is elevated relative to anything else.
/// </summary>
internal static class Privileges
{
    public static List<string> Failures(YamlMappingNode workflow)
    {
        var failures = new List<string>();
        foreach (var (name, node) in ((YamlMappingNode)workflow["jobs"]).Children)
        {
            var job = (YamlMappingNode)node;
            var oneUser = job.Children.ContainsKey("container");
            string? elevatedWriter = null;
            var commands = ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>()
                .Where(step => step.Children.ContainsKey("run"))
                .SelectMany(step => step["run"].ToString().Split('\n'))
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'));
            foreach (var command in commands)
            {
                var elevated = !oneUser && command.Contains("sudo ", StringComparison.Ordinal);
                if (elevated && !IsPackageInstall(command))
                {
                    elevatedWriter ??= command;
                }
                else if (!elevated && elevatedWriter is not null)
                {
                    failures.Add($"job {name}: '{command}' runs as the runner's user after '{elevatedWriter}' may have written root-owned files into the tree");
                }
            }
        }

        return failures;
    }

    /// <summary>Every part of the command is "sudo apt-get …" or "sudo apt …": it writes outside the working tree only.</summary>
    private static bool IsPackageInstall(string command) =>
        command.Split("&&").Select(part => part.Trim()).All(part => part.StartsWith("sudo apt-get ", StringComparison.Ordinal) || part.StartsWith("sudo apt ", StringComparison.Ordinal));
}
