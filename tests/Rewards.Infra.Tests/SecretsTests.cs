using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Rewards.Infra.Tests;

/// <summary>
/// A redeploy must never rotate a secret: nothing in the README's deploy commands or the workflow generates one,
/// and infra/secrets.sh (which they call) creates a secret only when the vault lacks it. The script runs here for
/// real against a stand-in for the Azure CLI that keeps the vault as files, so what is asserted is the vault.
/// </summary>
public sealed partial class SecretsTests
{
    private static readonly string Root = Bicep.Root();

    /// <summary>Commands that make up a secret value.</summary>
    [GeneratedRegex(@"openssl\s+rand|/dev/u?random|uuidgen|RandomNumberGenerator|secret\s+set|pwgen|mktemp -u", RegexOptions.IgnoreCase)]
    private static partial Regex Generates();

    [GeneratedRegex(@"^```bash\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    private static IEnumerable<string> ReadmeDeployCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var deploy = readme[readme.IndexOf("## Deploy to Azure", StringComparison.Ordinal)..];
        deploy = deploy[..deploy.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        return BashBlock().Matches(deploy).SelectMany(m => m.Groups[1].Value.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0);
    }

    private static IEnumerable<string> WorkflowCommands()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, ".github", "workflows", "deploy.yml"))));
        return ((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"]).Children.Values.Cast<YamlMappingNode>()
            .SelectMany(job => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>())
            .Where(step => step.Children.ContainsKey("run"))
            .SelectMany(step => step["run"].ToString().Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0);
    }

    [Fact]
    public void Neither_the_README_deploy_commands_nor_the_workflow_generate_a_secret()
    {
        var commands = ReadmeDeployCommands().Concat(WorkflowCommands()).ToList();

        Assert.Contains("bash infra/secrets.sh \"$RESOURCE_GROUP\"", commands);
        Assert.All(commands, c => Assert.False(Generates().IsMatch(c), $"'{c}' makes up a secret on every run"));
        Assert.DoesNotContain("${{ secrets.", File.ReadAllText(Path.Combine(Root, ".github", "workflows", "deploy.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_secrets_script_generates_only_after_finding_the_secret_absent()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "infra", "secrets.sh"));
        var check = Array.FindIndex(lines, l => l.Contains("grep --quiet --line-regexp --fixed-strings \"$name\" <<<\"$existing\"", StringComparison.Ordinal));
        var create = Array.FindIndex(lines, l => l.Contains("az keyvault secret set", StringComparison.Ordinal));

        Assert.True(check > 0 && create > check, "secret set must follow the absence check");
        Assert.Single(lines, l => l.Contains("az keyvault secret set", StringComparison.Ordinal));
        Assert.Contains("--output none", lines[create], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_the_script_twice_creates_each_absent_secret_once_and_changes_nothing_after()
    {
        using var vault = new FakeVault();
        await File.WriteAllTextAsync(Path.Combine(vault.Dir, "webhook-encryption-key"), "kept-by-the-operator");

        var first = await vault.RunAsync();
        var before = vault.Contents();
        var second = await vault.RunAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(["admin-key-1", "checkin-code-key", "link-signing-key-1", "webhook-encryption-key"], before.Keys.Order());
        Assert.Equal(32, Convert.FromBase64String(before["checkin-code-key"]).Length);
        Assert.Matches("^ak_[0-9a-f]{48}$", before["admin-key-1"]);
        Assert.Equal(32, Convert.FromBase64String(before["link-signing-key-1"]).Length);
        Assert.DoesNotContain('\n', before["link-signing-key-1"]);
        Assert.Equal("kept-by-the-operator", before["webhook-encryption-key"]);
        Assert.Equal(before, vault.Contents());
        Assert.Contains("link-signing-key-1: present, left as it is", second.Output, StringComparison.Ordinal);
        Assert.All(before.Values, value => Assert.DoesNotContain(value, first.Output + second.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotation_creates_only_the_named_new_key()
    {
        using var vault = new FakeVault();
        await vault.RunAsync();
        var before = vault.Contents();

        var run = await vault.RunAsync("link-signing-key-2");

        Assert.Equal(0, run.ExitCode);
        var after = vault.Contents();
        Assert.Equal(32, Convert.FromBase64String(after["link-signing-key-2"]).Length);
        Assert.Equal(before, after.Where(p => p.Key != "link-signing-key-2").ToDictionary());
    }

    [Fact]
    public async Task A_vault_that_refuses_the_listing_gets_no_secret()
    {
        using var vault = new FakeVault { Refuses = true };

        var run = await vault.RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Key Vault Secrets Officer", run.Output, StringComparison.Ordinal);
        Assert.Empty(vault.Contents());
    }

    /// <summary>infra/secrets.sh run with an `az` on PATH that answers from files: the vault is a folder, one file per secret.</summary>
    private sealed class FakeVault : IDisposable
    {
        private const string Az = """
            #!/usr/bin/env bash
            # Stand-in for the Azure CLI: the deployment's outputs and a vault kept as files in $FAKE_VAULT.
            set -euo pipefail
            args="$*"
            case "$args" in
              "deployment group show"*keyVaultName*) echo kv-test ;;
              "deployment group show"*secretNames*) printf 'admin-key-1\nwebhook-encryption-key\ncheckin-code-key\nlink-signing-key-1\n' ;;
              "keyvault secret list"*)
                if [ -e "$FAKE_VAULT.refuse" ]; then echo "(Forbidden) Caller is not authorized" >&2; exit 1; fi
                ls -1 "$FAKE_VAULT" ;;
              "keyvault secret set"*)
                name=$(sed -E 's/.*--name ([^ ]+).*/\1/' <<<"$args")
                file=$(sed -E 's/.*--file ([^ ]+).*/\1/' <<<"$args")
                cat "$file" > "$FAKE_VAULT/$name"
                if [[ "$args" != *"--output none"* ]]; then cat "$FAKE_VAULT/$name"; fi ;;
              *) echo "unexpected: az $args" >&2; exit 2 ;;
            esac
            """;

        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fake-vault-");

        public FakeVault()
        {
            Directory.CreateDirectory(Dir);
            Directory.CreateDirectory(Bin);
            File.WriteAllText(Path.Combine(Bin, "az"), Az.Replace("\r", "", StringComparison.Ordinal));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(Bin, "az"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public string Dir => Path.Combine(_root.FullName, "vault");

        public bool Refuses { get; init; }

        private string Bin => Path.Combine(_root.FullName, "bin");

        public Dictionary<string, string> Contents() =>
            Directory.EnumerateFiles(Dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        public async Task<(int ExitCode, string Output)> RunAsync(params string[] names)
        {
            if (Refuses)
            {
                await File.WriteAllTextAsync(Dir + ".refuse", "");
            }

            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
            foreach (var arg in new[] { "infra/secrets.sh", "rg-test" }.Concat(names))
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["PATH"] = $"{Bin}:{Environment.GetEnvironmentVariable("PATH")}";
            start.Environment["FAKE_VAULT"] = Dir;
            start.Environment["SECRETS_LIST_ATTEMPTS"] = "2";
            start.Environment["SECRETS_LIST_DELAY"] = "0";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await errors);
        }

        public void Dispose() => _root.Delete(recursive: true);
    }
}
