using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Newtonsoft.Json.Linq;
using Rewards.DevHost.Hosting;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Fuzz;

internal enum Credential
{
    None,
    Bad,
    Worker,
    Admin,
    Partner,
}

/// <summary>One fuzzed request; its text is what a failure report shows.</summary>
internal sealed record FuzzRequest(string Method, string Route, string Path, Credential Credential, string? Authorization, string? ContentType, byte[]? Body, string? IdempotencyKey)
{
    public override string ToString() =>
        $"{Method} {(Path.Length > 300 ? Path[..300] + "…" : Path)} as {Credential} [{ContentType}, {Body?.Length ?? 0} bytes: {Preview}]";

    private string Preview => Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 200));
}

/// <summary>One round: every route of the catalog with every kind of credential, each with its own random input.</summary>
internal sealed record FuzzRound(FuzzRequest[] Requests)
{
    public override string ToString() => $"{Requests.Length} requests (the failures are listed in the message)";
}

/// <summary>
/// Property: whatever arrives at any route of the function catalog, with any credential, the app never answers
/// 5xx, and every 4xx is problem+json with a code the code base defines. The books still balance afterwards.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed partial class HttpFuzzTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>6 rounds of 355 requests in the suite; REWARDS_FUZZ_ROUNDS runs more for a deeper search.</summary>
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("REWARDS_FUZZ_ROUNDS"), out var n) && n > 0 ? n : 6;
    private static readonly Credential[] Credentials = Enum.GetValues<Credential>();

    private static readonly string[] BadCredentials =
    [
        "Bearer ak_not_a_real_key_0123456789abcdef0123", "Bearer wt_garbage", "Bearer wt_a.b.c", "Bearer wt_eyJhbGciOiJub25lIn0.eyJzdWIiOiJ3LTEifQ.",
        "Bearer pk_p-1.bad", "Bearer pk_", "Bearer pk_" + new string('x', 4000), "Bearer pk_../../x.y", "Bearer just-garbage", "Bearer ", "Basic dXNlcjpwYXNz", "ak_no_scheme",
    ];

    /// <summary>Every code the code base defines: the constants of RefusalCodes, ProblemCodes and every feature's *Codes class, and the edge's own.</summary>
    private static readonly HashSet<string> KnownCodes =
    [
        .. new[] { typeof(Domain.RefusalCodes).Assembly, typeof(RewardsServices).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Codes", StringComparison.Ordinal) || t == typeof(UnhandledErrors))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!),
        Domain.Redemptions.Fulfilment.InvalidTransition,
        SecretReferences.Code,
    ];

    [Fact]
    public async Task Random_requests_to_every_route_with_every_credential_never_answer_5xx_and_every_refusal_is_a_known_problem()
    {
        var sent = 0;
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var app = await SetUpAsync();
        var world = new World(await app.WorkerAsync("w-fuzz", unit: "u-1"), await PartnerKeyAsync(app));
        var routes = app.Service<FunctionCatalog>().Http.SelectMany(f => f.Methods.Select(m => (Method: m, f.Route))).ToList();
        var combos = routes.SelectMany(r => Credentials.Select(c => (r.Method, r.Route, Credential: c))).ToList();
        var round = Gen.CollectToArray(combos, c => Request(c.Method, c.Route, c.Credential, world)).Select(r => new FuzzRound(r));

        // FsCheck runs properties synchronously: off the test's synchronization context, each round blocks on its requests.
        await Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(Rounds), Prop.ForAll(Arb.From(round), r =>
        {
            var failures = RunAsync(app, r, statuses).GetAwaiter().GetResult();
            Interlocked.Add(ref sent, r.Requests.Length);
            Assert.True(failures.IsEmpty, $"{failures.Count} bad answers:\n{string.Join("\n", failures.Take(25))}");
        })));

        await app.IdleAsync();
        var (status, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Equal(200, status);
        Assert.Empty(report["mismatches"]!);
        Assert.All(report["poisonQueues"]!.Children<JProperty>(), q => Assert.Equal(0, q.Value.Value<int>()));
        output.WriteLine($"{sent} requests in {clock.Elapsed.TotalSeconds:F1} s; answers: {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}");
        Assert.True(sent >= 2000, $"only {sent} requests were sent");
    }

    private sealed record World(string WorkerToken, string PartnerKey);

    private async Task<TestApp> SetUpAsync()
    {
        // No webhook secret: no partner URL the fuzz invents is ever called, so the poison queues speak only of bugs.
        var app = await TestApp.StartAsync(azurite, configure: o => o.Settings.Remove("Rewards:PartnerWebhookSecret"));
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-1", displayName = "张伟", unitId = "u-1" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-2", displayName = "王芳", unitId = "u-1" });
        await app.ContentAsync("c-1", 5, 0);
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-1", name = "服务社", webhookUrl = "https://partner.example.cn/hook" });
        return app;
    }

    /// <summary>The partner whose key the fuzz uses, with a prize of its own and a worker who can afford it.</summary>
    private static async Task<string> PartnerKeyAsync(TestApp app)
    {
        var (_, partner) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-fuzz", name = "服务社", webhookUrl = "https://partner.example.cn/hook" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-1", title = "急救包", cost = 1, stock = 50, partnerId = "p-fuzz" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-fuzz", amount = 100, reason = "fuzz" }, idempotencyKey: "fuzz-setup");
        return partner.Value<string>("apiKey")!;
    }

    private static Gen<FuzzRequest> Request(string method, string route, Credential credential, World world) =>
        from values in Gen.CollectToArray(RouteValue().Matches(route).Select(m => m.Groups[1].Value), name => Parameter(name, world))
        from query in FuzzInputs.Query
        from body in method is "GET" or "DELETE" ? Gen.Frequency((6, Gen.Constant<(string?, byte[]?)>((null, null))), (1, FuzzInputs.Body)) : BodyFor(method, route)
        from key in Gen.Frequency((3, Gen.Constant<string?>(null)), (2, Gen.Constant<string?>("fuzz-key-1")), (2, Gen.Choose(0, int.MaxValue).Select(n => (string?)$"k-{n}")), (1, Gen.Constant<string?>(new string('k', 300))))
        from bad in Gen.Elements(BadCredentials)
        select new FuzzRequest(method, route, Fill(route, values) + query, credential, credential switch
        {
            Credential.None => null,
            Credential.Bad => bad,
            Credential.Worker => "Bearer " + world.WorkerToken,
            Credential.Admin => "Bearer " + TestApp.AdminKey,
            _ => "Bearer " + world.PartnerKey,
        }, body.Item1, body.Item2, key);

    /// <summary>A mutated valid body for the route, or any body at all (CSV to the worker import included).</summary>
    private static Gen<(string? ContentType, byte[]? Body)> BodyFor(string method, string route) =>
        ValidBodies.For(method, route) is { } valid ? Gen.Frequency((3, FuzzInputs.Mutated(valid)), (2, FuzzInputs.Body)) : FuzzInputs.Body;

    private static Gen<string> Parameter(string name, World world) => name switch
    {
        "board" => Gen.Frequency((4, Gen.Elements("individual", "units")), (1, FuzzInputs.Id)),
        "action" => Gen.Frequency((4, Gen.Elements("accept", "ship", "deliver", "reject")), (1, FuzzInputs.Id)),
        "file" => Gen.Frequency((3, Gen.Elements("worker.js", "worker.html", "share.html", "worker.css", "hazards.js", "../Program.cs", "x.js")), (1, FuzzInputs.Id)),
        "token" => Gen.Frequency((2, Gen.Constant(world.WorkerToken)), (1, FuzzInputs.Id)),
        _ => FuzzInputs.Id,
    };

    /// <summary>
    /// The route with its values; a NUL is left out of the path, because Kestrel refuses such a request line itself
    /// (400 with no body) before any app code runs, as the Functions host's front end does in Azure.
    /// </summary>
    private static string Fill(string route, string[] values)
    {
        var i = 0;
        return "/" + RouteValue().Replace(route, _ => FuzzInputs.Escape(values[i++].Replace("\0", "", StringComparison.Ordinal)));
    }

    private static async Task<ConcurrentBag<string>> RunAsync(TestApp app, FuzzRound round, ConcurrentDictionary<int, int> statuses)
    {
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(round.Requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (r, _) =>
        {
            if (await CheckAsync(app.Http, r, statuses) is { } failure)
            {
                failures.Add(failure);
            }
        });
        return failures;
    }

    /// <summary>Null when the answer is acceptable; otherwise what was wrong with it.</summary>
    private static async Task<string?> CheckAsync(HttpClient http, FuzzRequest r, ConcurrentDictionary<int, int> statuses)
    {
        using var message = new HttpRequestMessage(new HttpMethod(r.Method), r.Path);
        if (r.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", r.Authorization);
        }

        if (r.IdempotencyKey is not null)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", r.IdempotencyKey);
        }

        if (r.Body is not null)
        {
            message.Content = new ByteArrayContent(r.Body);
            if (!string.IsNullOrEmpty(r.ContentType))
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
            }
        }

        using var response = await http.SendAsync(message);
        var status = (int)response.StatusCode;
        statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
        var text = await response.Content.ReadAsStringAsync();
        var type = response.Content.Headers.ContentType?.MediaType;
        string? Wrong(string what) => $"{r}\n    → {status} {type}: {what}: {(text.Length > 300 ? text[..300] : text)}";
        if (status >= 500)
        {
            return Wrong("a server error");
        }

        if (status < 400)
        {
            return null;
        }

        if (type != "application/problem+json")
        {
            return Wrong("not problem+json");
        }

        try
        {
            return JObject.Parse(text).Value<string>("code") is { } code && KnownCodes.Contains(code) ? null : Wrong("no known code");
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return Wrong("not JSON");
        }
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex RouteValue();
}
