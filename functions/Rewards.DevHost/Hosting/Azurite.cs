using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Rewards.DevHost.Hosting;

/// <summary>
/// An Azurite started from the repository's node_modules (installed with "npm ci" on first use), either in
/// memory (tests) or with its data in a folder (the local demo), on free ports or on given ones. It can be
/// stopped and started again on the same ports with the same data (an outage), and kept alive: restarted
/// whenever its process dies. Disposing stops it.
/// </summary>
public sealed partial class Azurite : IAsyncDisposable
{
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _script;
    private readonly Lock _gate = new();
    private Instance _instance;
    private bool _stopped;
    private ILogger? _keepAlive;

    private Azurite(string script, string? location, Instance instance)
    {
        _script = script;
        _instance = instance;
        Location = location;
        Ports = instance.Ports;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{Ports.Blob}/{Account};QueueEndpoint=http://127.0.0.1:{Ports.Queue}/{Account};TableEndpoint=http://127.0.0.1:{Ports.Table}/{Account};";
    }

    public string ConnectionString { get; }

    public AzuritePorts Ports { get; }

    /// <summary>The data folder, or null for in-memory persistence.</summary>
    public string? Location { get; }

    /// <summary>The id of the node process now serving (it changes when Azurite is restarted).</summary>
    public int ProcessId => _instance.Process.Id;

    /// <summary>Starts Azurite; <paramref name="location"/> null means in-memory persistence; <paramref name="ports"/> null means free ports.</summary>
    public static async Task<Azurite> StartAsync(string repositoryRoot, string? location, AzuritePorts? ports = null, CancellationToken ct = default)
    {
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", repositoryRoot, ct);
        }

        return new Azurite(script, location, await Instance.LaunchAsync(script, location, ports ?? new AzuritePorts(0, 0, 0), ct));
    }

    /// <summary>
    /// Stops Azurite as its own shutdown does (SIGTERM): it stops answering and saves its data, as durable storage
    /// that goes away would. A process killed outright can lose the last seconds of writes (Azurite saves every 5 s).
    /// </summary>
    public async Task StopAsync()
    {
        Instance instance;
        lock (_gate)
        {
            _stopped = true;
            instance = _instance;
        }

        await instance.ShutdownAsync(graceful: Location is not null);
    }

    /// <summary>Starts Azurite again on the same ports with the same data folder.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        var instance = await Instance.LaunchAsync(_script, Location, Ports, ct);
        lock (_gate)
        {
            _instance = instance;
            _stopped = false;
        }

        instance.Process.Exited += (_, _) => OnExited(instance);
    }

    /// <summary>From now on, Azurite is restarted (same ports, same data) whenever its process ends other than by <see cref="StopAsync"/> or disposal.</summary>
    public void KeepAlive(ILogger log)
    {
        Instance instance;
        lock (_gate)
        {
            _keepAlive = log;
            instance = _instance;
        }

        instance.Process.Exited += (_, _) => OnExited(instance);
        if (instance.Process.HasExited)
        {
            OnExited(instance);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _instance.Process.Dispose();
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

    private void OnExited(Instance exited)
    {
        ILogger? log;
        lock (_gate)
        {
            if (_keepAlive is null || _stopped || exited != _instance || exited.Restarting)
            {
                return;
            }

            exited.Restarting = true;
            log = _keepAlive;
        }

        _ = Task.Run(() => RestartAfterCrashAsync(exited, log));
    }

    private async Task RestartAfterCrashAsync(Instance exited, ILogger log)
    {
        log.LogWarning("Azurite (process {Id}) exited with code {Code}; starting it again on ports {Ports} with the same data", exited.Process.Id, exited.Process.ExitCode, Ports);
        for (var attempt = 1; !_stopped; attempt++)
        {
            try
            {
                await RestartAsync();
                log.LogWarning("Azurite is back (process {Id})", ProcessId);
                return;
            }
            catch (Exception e)
            {
                var pause = Backoff.After(attempt, TimeSpan.FromSeconds(30));
                log.LogError(e, "Restarting Azurite failed (attempt {Attempt}); trying again in {Pause}", attempt, pause);
                await Task.Delay(pause);
            }
        }
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

    /// <summary>One node process of Azurite.</summary>
    private sealed class Instance(Process process, AzuritePorts ports, TaskCompletionSource closed)
    {
        public Process Process { get; } = process;

        public AzuritePorts Ports { get; } = ports;

        public bool Restarting { get; set; }

        public static async Task<Instance> LaunchAsync(string script, string? location, AzuritePorts ports, CancellationToken ct)
        {
            var args = new List<string> { script, "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry" };
            args.AddRange(["--blobPort", $"{ports.Blob}", "--queuePort", $"{ports.Queue}", "--tablePort", $"{ports.Table}"]);
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
            var listening = new Dictionary<string, int>();
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var closedServices = 0;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null && Listening().Match(e.Data) is { Success: true } m)
                {
                    lock (listening)
                    {
                        listening[m.Groups[1].Value] = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                        if (listening.Count == 3)
                        {
                            ready.TrySetResult();
                        }
                    }
                }
                else if (e.Data?.Contains("service successfully closed", StringComparison.Ordinal) == true && Interlocked.Increment(ref closedServices) == 3)
                {
                    closed.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.Exited += (_, _) =>
            {
                ready.TrySetException(new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it listened (ports {ports})."));
                closed.TrySetResult();
            };
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            return new Instance(process, new AzuritePorts(listening["Blob"], listening["Queue"], listening["Table"]), closed);
        }

        /// <summary>Graceful: SIGTERM, then wait until every service says it closed (its data is saved); then the process is ended for good.</summary>
        public async Task ShutdownAsync(bool graceful)
        {
            if (Process.HasExited)
            {
                return;
            }

            if (graceful && !OperatingSystem.IsWindows())
            {
                using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", $"{Process.Id}"]) { UseShellExecute = false });
                await closed.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            await Process.WaitForExitAsync();
        }
    }
}
