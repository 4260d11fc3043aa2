using Rewards.DevHost.Demo;
using Rewards.DevHost.Hosting;
using Rewards.Functions;

// Runs the platform locally: its own Azurite unless AzureWebJobsStorage is set, demo credentials for each secret
// not configured, the functions of Rewards.Functions, and the demo program seeded into its own Azurite only.
var demo = args.Contains("--demo");
args = [.. args.Where(a => a != "--demo")];
var given = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var configuredStorage = !string.IsNullOrEmpty(given["AzureWebJobsStorage"]) || given.GetSection("AzureWebJobsStorage").GetChildren().Any();
if (demo && configuredStorage)
{
    return StartupCheck.Report(["--demo seeds only the DevHost's own Azurite, never the storage AzureWebJobsStorage names: unset AzureWebJobsStorage to run the demo."], Console.Error);
}

var root = Azurite.FindRepositoryRoot(Directory.GetCurrentDirectory());
var state = given["DevHost:State"] is { Length: > 0 } folder ? Path.GetFullPath(folder) : Path.Combine(root, ".rewards");
var options = new DevHostOptions();
using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));

// Its own Azurite keeps its ports (.rewards/azurite-ports.json) and is started again if it dies.
await using var azurite = configuredStorage ? null : await LocalAzurite.StartAsync(root, state, logging.CreateLogger("Rewards.DevHost.Azurite"));
if (azurite is not null)
{
    options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
    options.ConfigureServices = services => services.AddSingleton<DemoSeeder>(sp => ActivatorUtilities.CreateInstance<DemoSeeder>(sp, demo))
        .AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
}

var secrets = DevSecrets.Fill(state, given, demo: azurite is not null);
foreach (var (key, value) in secrets.Settings)
{
    options.Settings[key] = value;
}

// A local receiver is how webhooks are tried out here: loopback webhook URLs are allowed (never in Azure).
options.Settings["Rewards:Webhooks:AllowLoopback"] = given["Rewards:Webhooks:AllowLoopback"] ?? "true";

WebApplication app;
try
{
    app = DevHostApp.Build(args, options);
    StartupCheck.Validate(app.Services);
}
catch (Exception e) when (StartupCheck.Failures(e) is { Count: > 0 } failures)
{
    return StartupCheck.Report(failures, Console.Error);
}

await app.StartAsync();
var baseUrl = app.Urls.First();
var seeder = app.Services.GetService<DemoSeeder>();
var info = seeder is null ? null : await DemoSeed.InfoAsync(app.Services, seeder.Seeded, baseUrl, CancellationToken.None);
Console.WriteLine(Banner.Text(baseUrl, info, secrets.GeneratedAdminKey));
await app.WaitForShutdownAsync();
return 0;
