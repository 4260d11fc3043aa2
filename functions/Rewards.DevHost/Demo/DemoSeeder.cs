namespace Rewards.DevHost.Demo;

/// <summary>
/// Seeds the demo while the host starts: registered after the storage setup and before the web server, so the
/// demo is complete before the first request is answered, and no admin request can race it. Program.cs adds it
/// only for the DevHost's own Azurite; <paramref name="always"/> (--demo) seeds even when that storage has data.
/// </summary>
internal sealed class DemoSeeder(IServiceProvider services, bool always, ILogger<DemoSeeder> log) : IHostedService
{
    public bool Seeded { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (always || !await DemoSeed.IsSeededAsync(services, cancellationToken))
        {
            await DemoSeed.SeedAsync(services, cancellationToken);
            Seeded = true;
            log.LogInformation("Seeded the demo program");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
