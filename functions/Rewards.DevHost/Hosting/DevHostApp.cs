using System.Reflection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Rewards.Functions;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;

namespace Rewards.DevHost.Hosting;

/// <summary>What to host: the function assemblies, settings that override configuration, and host.json.</summary>
public sealed class DevHostOptions
{
    public IList<Assembly> FunctionAssemblies { get; } = [typeof(RewardsServices).Assembly];

    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Replaces registrations after AddRewards, such as the TimeProvider in tests.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public string HostJsonPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "host.json");

    /// <summary>Policies added to the queue listeners' own storage clients (polls, deletes); the fault tests inject faults this way.</summary>
    public IList<Azure.Core.Pipeline.HttpPipelinePolicy> QueueListenerPolicies { get; } = [];

    /// <summary>
    /// How long a received message stays invisible, renewed while it runs: the host's 10 minutes. A message whose
    /// receive answer was lost (storage going away mid-poll) is seen again only when it ends; tests shorten it.
    /// </summary>
    public TimeSpan QueueLease { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Hosts the function classes of Rewards.Functions as the Functions host would (DESIGN.md section 3): HTTP
/// triggers at their routes, queue triggers with host.json's queue semantics, timer triggers on their
/// schedules, all wired by the same AddRewards as Program.cs.
/// </summary>
public static class DevHostApp
{
    public static WebApplication Build(string[] args, DevHostOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:7071");
        }

        // ASP.NET Core's request log prints raw paths, and a worker's link is a path: Edge logs a redacted line instead.
        builder.Logging.AddFilter((category, level) => category != "Microsoft.AspNetCore.Hosting.Diagnostics" || level >= LogLevel.Warning);
        builder.Services.AddRewards(builder.Configuration);
        builder.Services.AddMvcCore();
        options.ConfigureServices?.Invoke(builder.Services);

        var host = HostJson.Load(options.HostJsonPath);
        var catalog = FunctionCatalog.Discover(options.FunctionAssemblies).Without(builder.Configuration);
        var connection = builder.Configuration["AzureWebJobsStorage"]!;
        builder.Services.AddSingleton(host);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<ListenerActivity>();
        var listenerPolicies = options.QueueListenerPolicies.ToList();
        foreach (var queue in catalog.Queues)
        {
            builder.Services.AddSingleton<IHostedService>(sp => new QueueListener(
                queue,
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.Queue(Resolve(queue.QueueName, sp.GetRequiredService<IConfiguration>())),
                connection,
                host,
                options.QueueLease,
                sp,
                sp.GetRequiredService<ListenerActivity>(),
                listenerPolicies,
                sp.GetRequiredService<ILogger<QueueListener>>()));
        }

        foreach (var timer in catalog.Timers)
        {
            builder.Services.AddSingleton<IHostedService>(sp => new TimerScheduler(timer, sp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TimerScheduler>>()));
        }

        var app = builder.Build();
        app.Use(Edge.HandleAsync);
        app.Use(SecretsGate.HandleAsync);
        // The demo's micro-videos (Demo/media, made by eng/demo-media.sh). In Azure, content links point at a CDN or a blob container.
        if (Directory.Exists(Path.Combine(AppContext.BaseDirectory, "Demo", "media")))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "Demo", "media")), RequestPath = "/media" });
        }

        HttpTriggers.Map(app, catalog, host);
        return app;
    }

    /// <summary>"%Setting%" names are resolved from configuration, as binding expressions are in the host.</summary>
    private static string Resolve(string name, IConfiguration configuration) =>
        name.Length > 2 && name.StartsWith('%') && name.EndsWith('%') ? configuration[name[1..^1]] ?? throw new InvalidOperationException($"No setting {name}.") : name;
}
