using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Rewards.Infra.Tests;

/// <summary>The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, run as a process.</summary>
internal static class Bicep
{
    private static readonly string Cli = Path.Combine(
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackage").Value!,
        "tools",
        "bicep");

    public static string Infra { get; } = Path.Combine(Root(), "infra");

    public static Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Cli, File.GetUnixFileMode(Cli) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(Cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Offline: no telemetry, no registry look-ups.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>
    /// Evaluates main.bicep as Azure Resource Manager would (bicep snapshot): main.bicepparam with the given parameter
    /// lines replaced or added, in a made-up subscription and resource group in chinanorth3. Returns the predicted
    /// resources and outputs, or the error the evaluation stopped at.
    /// </summary>
    public static async Task<(JsonNode? Snapshot, string Errors)> SnapshotAsync(string infra, params string[] parameters)
    {
        var dir = Directory.CreateTempSubdirectory("infra-snapshot-");
        try
        {
            var lines = File.ReadAllLines(Path.Combine(infra, "main.bicepparam"))
                .Select(l => l.StartsWith("using ", StringComparison.Ordinal) ? $"using '{Path.GetRelativePath(dir.FullName, Path.Combine(infra, "main.bicep")).Replace('\\', '/')}'" : l)
                .ToList();
            foreach (var parameter in parameters)
            {
                var prefix = parameter[..(parameter.IndexOf('=', StringComparison.Ordinal) + 1)];
                var at = lines.FindIndex(l => l.Replace(" ", "", StringComparison.Ordinal).StartsWith(prefix.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal));
                if (at >= 0)
                {
                    lines[at] = parameter;
                }
                else
                {
                    lines.Add(parameter);
                }
            }

            var file = Path.Combine(dir.FullName, "deploy.bicepparam");
            await File.WriteAllLinesAsync(file, lines);
            var (exit, output, errors) = await RunAsync(
                "snapshot", file, "--subscription-id", "00000000-0000-0000-0000-00000000000a", "--tenant-id", "00000000-0000-0000-0000-00000000000b",
                "--resource-group", "rg-ankang-rewards", "--location", "chinanorth3");
            var snapshot = Path.Combine(dir.FullName, "deploy.snapshot.json");
            return exit == 0 && File.Exists(snapshot) ? (JsonNode.Parse(await File.ReadAllTextAsync(snapshot)), errors) : (null, output + errors);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rewards.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No Rewards.sln above the test output.");
    }
}
