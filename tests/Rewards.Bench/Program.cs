using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Rewards.Bench;
using Rewards.DevHost.Hosting;
using Rewards.Domain.Earning;
using Rewards.Functions;
using CheckIn = Rewards.Bench.CheckInRush;

// The benchmark program (not a test): prints throughput, latency, storage calls per award and the
// DevHost's working set, with a raw Azure.Data.Tables baseline measured in the same run, on the same Azurite.
var inv = CultureInfo.InvariantCulture;
var root = Azurite.FindRepositoryRoot(AppContext.BaseDirectory);
var quick = args.Contains("--quick");
Console.WriteLine($"Ankang Rewards benchmark ({(quick ? "quick" : "full")} run), {Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow().ToString("u", inv)}");

await using var azurite = await Azurite.StartAsync(root, location: null);
var prefix = "b" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
var adminKey = "ak_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
var settings = new Dictionary<string, string>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["Rewards:Storage:Prefix"] = prefix,
    ["Rewards:AdminKeys:0"] = adminKey,
    ["Rewards:LinkSigningKeys:bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Rewards:CheckInCodeKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Rewards:WebhookEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Logging:LogLevel:Default"] = "Warning",
    // The storms meet 404s, 409s and slow answers by design, and the demo partners' webhooks point nowhere: the SDK's and
    // Polly's reports of them would bury the figures.
    ["Logging:LogLevel:Azure.Core"] = "Error",
    ["Logging:LogLevel:Polly"] = "Critical",
};

// The storms drive one process far past what the per-instance edge limits allow a real caller: lift them, so
// the figures measure the award and redemption paths rather than the limiter.
foreach (var kind in new[] { "Worker", "Anonymous", "Partner", "Admin" })
{
    settings[$"Rewards:RateLimits:{kind}:Burst"] = "1000000";
    settings[$"Rewards:RateLimits:{kind}:PerSecond"] = "1000000";
}

// --timers prints only the timers' storage calls against the size of history (section 5), in a minute or two.
if (args.Contains("--timers"))
{
    await TimerCalls.PrintAsync(settings);
    return;
}

// --overview prints only the overview's storage calls, beside a board of 10,000 workers, in a minute or so.
if (args.Contains("--overview"))
{
    var only = new DevHostOptions();
    foreach (var (key, value) in settings)
    {
        only.Settings[key] = value;
    }

    only.Settings["urls"] = "http://127.0.0.1:0";
    await using var host = DevHostApp.Build([], only);
    foreach (var name in Rewards.Functions.Storage.StorageNames.Tables)
    {
        await new TableServiceClient(azurite.ConnectionString).GetTableClient(prefix + name).CreateIfNotExistsAsync();
    }

    foreach (var name in Rewards.Functions.Storage.StorageNames.Queues)
    {
        await new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, $"{prefix}-{name}").CreateIfNotExistsAsync();
    }

    await LeaderboardRead.RunAsync(host.Services, 10_000, reads: 1);
    foreach (var units in new[] { 30, 300 })
    {
        var overview = await OverviewRead.RunAsync(host.Services, units, reads: 20);
        Console.WriteLine($"admin overview, {overview.Units} units: {overview.CallsPerRead:F2} storage calls, p50 {overview.P50:F1} ms, p99 {overview.P99:F1} ms");
    }

    return;
}

// 1. The raw baseline: two-entity EGTs straight through the SDK.

// --checkins prints only the check-in rush and the storage calls of a check-in (issue 14).
if (args.Contains("--checkins"))
{
    await using var checkInHost = await DevHostProcess.StartAsync(root, settings);
    using var checkInHttp = new HttpClient { BaseAddress = new Uri(checkInHost.Url) };
    await PrintCheckInsAsync(checkInHttp, quick ? (200, 50) : (1000, 200));
    var checkInOptions = new DevHostOptions();
    foreach (var (key, value) in settings)
    {
        checkInOptions.Settings[key] = value;
    }

    checkInOptions.Settings["urls"] = "http://127.0.0.1:0";
    await using var checkInApp = DevHostApp.Build([], checkInOptions);
    Console.WriteLine($"storage calls per check-in: {await CheckIn.CallsAsync(checkInApp.Services, 20):F2} (activity read, account query, seat query and EGT, then the award: partition query, EGT, outbox put and delete; here each worker's first award, so the yearly expiry-schedule and the outbox-index upserts add 2)");
    return;
}

var tables = new TableServiceClient(azurite.ConnectionString);
// No caps, so the storm measures the ledger and not the rules (nor the daily limit of hazard reports).
var rulesTable = tables.GetTableClient(prefix + "Rules");
await rulesTable.CreateIfNotExistsAsync();
await rulesTable.UpsertEntityAsync(new TableEntity("program", "rules") { ["Json"] = Json.Serialize(ProgramRules.Default with { DailyCap = 0, Actions = new Dictionary<string, ActionRule> { ["learning"] = new(0, 0), ["hazard"] = new(0, 0) } }) });
var hazardPhoto = HazardUploads.Photo();

// --calls prints only the storage calls per award, redemption and hazard report (section 3), in under a minute.
if (args.Contains("--calls"))
{
    await using var callsApp = InProcess();
    // Only the tables, queues and container: no listener or timer runs, so every call counted is the measured path's.
    await ActivatorUtilities.CreateInstance<Rewards.Functions.Storage.StorageSetup>(callsApp.Services).StartAsync(CancellationToken.None);
    foreach (var c in Enumerable.Range(0, 50))
    {
        await callsApp.Services.GetRequiredService<Rewards.Functions.Learning.ContentTable>().UpsertAsync(new($"bench-{c}", $"压测内容 {c}", "video", null, null, 1, 0, true), CancellationToken.None);
    }

    await PrintCallsAsync(callsApp.Services);
    return;
}

// --projector prints only the projector's storm: its lag and its storage calls per projected event, in a few minutes.
if (args.Contains("--projector"))
{
    await PrintProjectorAsync();
    return;
}

// 1. The raw baseline: two-entity EGTs straight through the SDK, on empty tables (again after the storms fill them).
var raw = tables.GetTableClient(prefix + "Raw");
await raw.CreateIfNotExistsAsync();
var rawTotal = quick ? 400 : 2000;
var baseline = await BaselineAsync("before the tables fill", "before");
var storms = new List<(bool Projection, StormResult Storm)>();

// 2. The award storm through HTTP into a DevHost process: once as deployed, with the ledger-events projection
// consuming alongside, and once with it disabled (AzureWebJobs.ProjectLedgerEvent.Disabled), which shows the award path alone.
var perWorker = quick ? 10 : 40;
foreach (var projection in new[] { true, false })
{
    var run = new Dictionary<string, string>(settings) { ["AzureWebJobs:ProjectLedgerEvent:Disabled"] = projection ? "false" : "true" };
    await using var devhost = await DevHostProcess.StartAsync(root, run);
    using var http = new HttpClient { BaseAddress = new Uri(devhost.Url) };
    if (projection)
    {
        await AwardStorm.CreateContentAsync(http, adminKey, Math.Max(perWorker, 50));
    }

    Console.WriteLine(projection ? "with the ledger-events projection running (as deployed):" : "with the projection disabled (the award path alone; events wait in the queue):");
    foreach (var workers in new[] { 16, 64 })
    {
        var awards = Math.Max(perWorker * 16 / workers, 5);
        var storm = await AwardStorm.RunAsync(http, adminKey, $"s{workers}{projection}", workers, awards);
        storms.Add((projection, storm));
        Console.WriteLine($"  awards via HTTP, {workers,2} workers:  {storm.PerSecond,6:F0} /s  p50 {storm.P50,6:F1} ms  p99 {storm.P99,7:F1} ms  ({storm.Awards - storm.Failures} succeeded, {storm.Failures} failed)  ratio to raw EGT at {workers} before the tables fill: {storm.PerSecond / baseline[workers]:F2}");
    }

    if (projection)
    {
        var (m, k) = quick ? (200, 20) : (1000, 100);
        var rush = await RedemptionRush.RunAsync(http, adminKey, tables, prefix, m, k);
        Console.WriteLine($"  redemption rush: {rush.Requests} requests on stock {rush.Stock}: {rush.Accepted} accepted (202) at {rush.AcceptedPerSecond:F0} /s; {(rush.Pending == 0 ? "every redemption final" : "stopped waiting")} {rush.SecondsUntilFinal:F1} s after the last request ({rush.Reserved} reserved, {rush.Refused} refused, {rush.Pending} still pending, stock left {rush.Remaining}); oversold: {rush.Oversold}");

        await PrintCheckInsAsync(http, quick ? (200, 50) : (1000, 200));

        var (reporters, reportsEach) = quick ? (10, 2) : (50, 4);
        var uploads = await HazardUploads.RunAsync(http, adminKey, hazardPhoto, reporters, reportsEach);
        Console.WriteLine($"  hazard uploads: {uploads.Uploads} photos of {uploads.PhotoBytes / 1e6:F1} MB by {reporters} workers, 16 at a time: {uploads.Accepted} accepted (202) at {uploads.PerSecond:F1} /s; every report processed (thumbnail, hash, duplicates, review list) {uploads.LagSeconds:F1} s after the last upload");
    }

    Console.WriteLine($"  DevHost peak working set:  {devhost.PeakWorkingSetBytes / (1024.0 * 1024):F0} MB");
}

// 2b. The projector's storm, in process so that its storage calls can be counted.
await PrintProjectorAsync();

// 2c. The raw baseline again, now that the tables hold the storms, and every storm's ratio against both.
var filled = await BaselineAsync("after the tables filled", "after");
foreach (var (projection, storm) in storms)
{
    Console.WriteLine($"  awards via HTTP, {storm.Workers,2} workers, projection {(projection ? "running" : "off")}: ratio to raw EGT {storm.PerSecond / baseline[storm.Workers]:F2} before the tables fill, {storm.PerSecond / filled[storm.Workers]:F2} after");
}

// 3. Storage calls per award, counted in process, for a short and a long ledger.
await using var app = InProcess();
await PrintCallsAsync(app.Services);

// 4. A top-100 leaderboard read with a large board.
var board = await LeaderboardRead.RunAsync(app.Services, quick ? 10_000 : 100_000, reads: 50);
Console.WriteLine($"leaderboard top-100 read, {board.BoardRows:N0} workers on the board: {board.CallsPerRead:F2} storage calls, p50 {board.P50:F1} ms, p99 {board.P99:F1} ms");

// 4b. The admin overview, beside that board, for a district's and a city's number of units.
foreach (var units in new[] { 30, 300 })
{
    var overview = await OverviewRead.RunAsync(app.Services, units, reads: 20);
    Console.WriteLine($"admin overview, {overview.Units} units: {overview.CallsPerRead:F2} storage calls (overview rows, member counts, last reconciliation, {Rewards.Functions.Admin.PoisonQueues.Names.Count} poison queues), p50 {overview.P50:F1} ms, p99 {overview.P99:F1} ms");
}

// 5. One outbox sweep and one expiry run, with the same work due and 1,000 or 100,000 ledger lines of history.
await TimerCalls.PrintAsync(settings);

async Task PrintCheckInsAsync(HttpClient http, (int Workers, int Capacity) size)
{
    var rush = await CheckIn.RunAsync(http, adminKey, size.Workers, size.Capacity);
    Console.WriteLine($"  check-in rush: {rush.Workers} workers on capacity {rush.Capacity} in {rush.Seconds:F1} s, p50 {rush.P50:F0} ms, p99 {rush.P99:F0} ms: {rush.CheckedIn} checked in, {rush.Full} activity-full, {rush.Other} other; counted {rush.Counted}");
}

async Task<Dictionary<int, double>> BaselineAsync(string when, string run)
{
    var rates = new Dictionary<int, double>();
    foreach (var concurrency in new[] { 1, 16, 64 })
    {
        rates[concurrency] = await RawBaseline.EgtPerSecondAsync(raw, concurrency, rawTotal, run);
        Console.WriteLine($"raw two-entity EGT, {concurrency,2} in parallel, {when}:  {rates[concurrency],8:F0} /s");
    }

    return rates;
}

// The projector's storm against a DevHost in this process (listeners and timers running), with the projector's own
// storage calls counted from the storm's first award until the units board shows every point.
async Task PrintProjectorAsync()
{
    // Its console is this one: only warnings, as the DevHost process's are.
    await using var host = InProcess(s => s.PostConfigure<Microsoft.Extensions.Logging.LoggerFilterOptions>(o =>
    {
        o.Rules.Clear();
        o.MinLevel = Microsoft.Extensions.Logging.LogLevel.Warning;
    }));
    await host.StartAsync();
    var url = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using var http = new HttpClient { BaseAddress = new Uri(url) };
    await AwardStorm.CreateContentAsync(http, adminKey, 50);
    var counter = host.Services.GetRequiredService<Rewards.Functions.Storage.StorageCallCounter>();
    var (workers, each) = quick ? (50, 20) : (200, 50);
    var lag = await ProjectorLag.RunAsync(http, adminKey, workers, each, () => counter.CallsIn(Rewards.Functions.Leaderboards.Projector.Area));
    Console.WriteLine($"  award storm for the projector (DevHost in process): {lag.Awards} awards ({lag.Failures} failed) by {workers} workers in 10 units in {lag.StormSeconds:F1} s ({lag.AwardsPerSecond:F0} /s, each a view start and a completion)");
    Console.WriteLine($"  projector lag after the storm:  {lag.LagSeconds:F1} s until the all-time units board showed all {lag.BoardPoints} points");
    Console.WriteLine($"  projector storage calls per projected event, amortised over the storm and the lag: {lag.CallsPerEvent:F2} ({lag.ProjectorCalls} calls for {lag.Awards} events; ledger reads, board reads and transactions, progress writes)");

    // The boards are caught up, but superseded events may still be queued: stop the listeners before the services go.
    await host.StopAsync();
}

WebApplication InProcess(Action<IServiceCollection>? configure = null)
{
    var options = new DevHostOptions { ConfigureServices = configure };
    foreach (var (key, value) in settings)
    {
        options.Settings[key] = value;
    }

    options.Settings["urls"] = "http://127.0.0.1:0";
    return DevHostApp.Build([], options);
}

async Task PrintCallsAsync(IServiceProvider services)
{
    foreach (var prior in new[] { 10, 10_000 })
    {
        var calls = await StorageCalls.MeasureAsync(services, $"calls-{prior}", prior, awards: 20);
        Console.WriteLine($"storage calls per award, {prior,6} prior entries: {calls.Calls:F2} on the request path (1 partition query + 1 EGT + 1 queue put; the ledger-events consumer deletes the outbox row)");
    }

    var redemptionCalls = await RedemptionCalls.MeasureAsync(services, 20);
    Console.WriteLine($"storage calls per redemption: request {redemptionCalls.Request:F2} (partition query, EGT, the redemption message put, the ledger event put; the prize as this instance read it within {Rewards.Functions.Catalog.CatalogTables.RecentFor.TotalSeconds:F0} s), reservation {redemptionCalls.Reserve:F2} (redemption and outbox-row read, stock EGT on the shards as this instance wrote them last, order insert with its webhook outbox row, notification put, status write that deletes the outbox row; the consumers delete the other outbox rows)");

    var hazardCalls = await HazardCalls.MeasureAsync(services, hazardPhoto, quick ? 5 : 20);
    Console.WriteLine($"storage calls per hazard report: submission {hazardCalls.Submit:F2} (photo upload, partition query, EGT, outbox put and delete), processing {hazardCalls.Process:F2} (report read, photo download, thumbnail upload, unit's recent reports, report read and EGT, index read and writes); total {hazardCalls.Submit + hazardCalls.Process:F2}");
}
