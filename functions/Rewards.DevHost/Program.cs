using Rewards.DevHost.Demo;
using Rewards.DevHost.Hosting;

// Runs the platform locally: its own Azurite unless AzureWebJobsStorage is set, demo credentials unless
// configured, the functions of Rewards.Functions, and a seeded demo program on first start.
var root = Azurite.FindRepositoryRoot(Directory.GetCurrentDirectory());
var state = Path.Combine(root, ".rewards");
var given = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var options = new DevHostOptions();

using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));

// Its own Azurite keeps its ports (.rewards/azurite-ports.json) and is started again if it dies.
await using var azurite = string.IsNullOrEmpty(given["AzureWebJobsStorage"])
    ? await LocalAzurite.StartAsync(root, state, logging.CreateLogger("Rewards.DevHost.Azurite"))
    : null;
if (azurite is not null)
{
    options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
}

if (given.GetSection("Rewards:AdminKeys").GetChildren().Any() is false)
{
    foreach (var (key, value) in DevSecrets.LoadOrCreate(state))
    {
        options.Settings[key] = value;
    }
}

// A local receiver is how webhooks are tried out here: loopback webhook URLs are allowed (never in Azure).
options.Settings["Rewards:Webhooks:AllowLoopback"] = given["Rewards:Webhooks:AllowLoopback"] ?? "true";

var app = DevHostApp.Build(args, options);
await app.StartAsync();
var baseUrl = app.Urls.First();
var demo = await DemoSeed.EnsureAsync(app.Services, baseUrl, CancellationToken.None);
Console.WriteLine($"""

    Ankang Rewards is running at {baseUrl}
      {(demo.Seeded ? "Seeded the demo program (安康杯 demo)." : "Demo data was already there.")}
      Worker link ({demo.WorkerName}): {demo.WorkerLink}
      Admin console: {baseUrl}/console
      Admin key:   {demo.AdminKey}
      Partner portal: {baseUrl}/partner  key: {demo.PartnerKey}
      Check-in screen (心灵驿站, sign in with the admin key): {demo.CheckInScreen}
      Try:         curl -H "Authorization: Bearer {demo.AdminKey}" {baseUrl}/api/admin/workers
    These credentials are for the local demo only. Press Ctrl+C to stop.

    """);
await app.WaitForShutdownAsync();
