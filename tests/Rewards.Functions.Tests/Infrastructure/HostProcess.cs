using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rewards.DevHost.Hosting;

namespace Rewards.Functions.Tests.Infrastructure;

/// <summary>
/// A host program (the DevHost or the Functions worker) run as its own process from the repository root, as a
/// developer would, with the settings given as environment variables; everything it prints is kept.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Url { get; }

    public static string RepositoryRoot => Azurite.FindRepositoryRoot(AppContext.BaseDirectory);

    /// <summary>Every line it printed so far, standard output and error together.</summary>
    public IReadOnlyList<string> Lines => [.. _output];

    public string Text => string.Join('\n', _output);

    public static HostProcess DevHost(IReadOnlyDictionary<string, string> settings, params string[] args) =>
        Start(Path.Combine(AppContext.BaseDirectory, "Rewards.DevHost.dll"), settings, args);

    /// <summary>The Functions worker program itself (Program.cs of Rewards.Functions), from its own build output.</summary>
    public static HostProcess FunctionsWorker(IReadOnlyDictionary<string, string> settings)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        return Start(Path.Combine(RepositoryRoot, "functions", "Rewards.Functions", "bin", configuration, "net10.0", "Rewards.Functions.dll"), settings, []);
    }

    private static HostProcess Start(string dll, IReadOnlyDictionary<string, string> settings, string[] args)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args.Concat(["--urls", url]))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Rewards", StringComparison.OrdinalIgnoreCase) || k.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new HostProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}."), url);
    }

    /// <summary>Its exit code, once it has exited on its own within <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>
    /// Sends <paramref name="request"/> until the process answers it at all (a refused connection means it is not
    /// listening yet) and returns that first answer.
    /// </summary>
    public async Task<HttpResponseMessage> FirstAnswerAsync(HttpClient http, Func<HttpRequestMessage> request, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"the host exited before it answered:\n{Text}");
            try
            {
                using var message = request();
                return await http.SendAsync(message);
            }
            catch (HttpRequestException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(25);
            }
        }
    }

    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!_output.Any(match))
        {
            Assert.True(deadline.Elapsed < timeout && !_process.HasExited, $"never printed the expected line:\n{Text}");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops it as Ctrl+C would (SIGTERM), so the DevHost stops its own Azurite too; kills it only if it will not stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                await term!.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The tests that start host processes (each a DevHost, often with an Azurite of its own) run one after another:
/// on a small machine several at once would starve each other and every other test.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostProcessCollection
{
    public const string Name = "host processes";
}
