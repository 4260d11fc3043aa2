using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Rewards.DevHost.Hosting;

/// <summary>
/// An Azurite started from the repository's node_modules (installed with "npm ci" on first use), on free
/// ports, either in memory (tests) or with its data in a folder (the local demo). Disposing stops it.
/// </summary>
public sealed partial class Azurite : IAsyncDisposable
{
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private Azurite(Process process, int blob, int queue, int table)
    {
        _process = process;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/{Account};QueueEndpoint=http://127.0.0.1:{queue}/{Account};TableEndpoint=http://127.0.0.1:{table}/{Account};";
    }

    public string ConnectionString { get; }

    /// <summary>Starts Azurite; <paramref name="location"/> null means in-memory persistence.</summary>
    public static async Task<Azurite> StartAsync(string repositoryRoot, string? location, CancellationToken ct = default)
    {
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", repositoryRoot, ct);
        }

        var args = new List<string> { script, "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0" };
        if (location is null)
        {
            args.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            args.AddRange(["--location", location]);
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        args.ForEach(start.ArgumentList.Add);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var ports = new Dictionary<string, int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && Listening().Match(e.Data) is { Success: true } m)
            {
                lock (ports)
                {
                    ports[m.Groups[1].Value] = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it listened."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        return new Azurite(process, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The repository root: the nearest folder above <paramref name="from"/> holding package.json and Rewards.sln.</summary>
    public static string FindRepositoryRoot(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "Rewards.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (package.json beside Rewards.sln) above {from}.");
    }

    private static async Task RunAsync(string file, string arguments, string directory, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {file}.");
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {arguments}' failed with exit code {process.ExitCode}.");
        }
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://[^:]+:(\d+)")]
    private static partial Regex Listening();
}
