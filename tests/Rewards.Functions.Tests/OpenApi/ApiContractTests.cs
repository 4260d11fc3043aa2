using Newtonsoft.Json.Linq;
using Rewards.DevHost.Hosting;
using Rewards.Functions.OpenApi;

namespace Rewards.Functions.Tests.OpenApi;

/// <summary>The contracts against the function catalog: a new API route cannot reach the document without its schemas and codes.</summary>
public sealed class ApiContractTests
{
    private static readonly IReadOnlyList<HttpFunction> Api =
        [.. FunctionCatalog.Discover([typeof(RewardsServices).Assembly]).Http.Where(f => f.Route.StartsWith("api/", StringComparison.Ordinal))];

    [Fact]
    public void Every_api_function_has_a_contract()
    {
        var missing = Api.Where(f => !ApiContracts.ByFunction.ContainsKey(f.Name)).Select(f => $"{string.Join(",", f.Methods)} /{f.Route} ({f.Name})");

        Assert.True(Api.Count > 90, $"{Api.Count} API functions");
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_contract_names_an_api_function()
    {
        var names = Api.Select(f => f.Name).ToHashSet();

        var stale = ApiContracts.ByFunction.Keys.Except(names);

        Assert.Empty(stale);
    }

    [Fact]
    public async Task No_api_operation_falls_back_to_a_generic_answer()
    {
        var doc = JObject.Parse(await OpenApiBuilder.JsonAsync(CancellationToken.None));
        var operations = ((JObject)doc["paths"]!).Properties().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => ((JObject)p.Value).Properties().Select(o => (Path: p.Name, Method: o.Name, Responses: (JObject)o.Value["responses"]!)))
            .ToList();

        Assert.Equal(Api.Sum(f => f.Methods.Count), operations.Count);
        Assert.All(operations, o => Assert.True(o.Responses.Properties().All(r => r.Name is not "2XX"), $"{o.Method} {o.Path} has a generic answer"));
        Assert.All(operations, o => Assert.True(o.Responses.Properties().Any(r => r.Name.StartsWith('2')), $"{o.Method} {o.Path} has no success answer"));
    }

    [Fact]
    public async Task Every_component_schema_describes_its_members()
    {
        var doc = JObject.Parse(await OpenApiBuilder.JsonAsync(CancellationToken.None));

        // An object with no properties is a type the reflection did not understand (an enum, a tuple, a stream).
        var empty = ((JObject)doc["components"]!["schemas"]!).Properties().Where(s => s.Value["properties"] is not JObject { Count: > 0 }).Select(s => s.Name);

        Assert.Empty(empty);
    }
}
