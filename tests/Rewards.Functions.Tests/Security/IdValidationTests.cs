using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Security;

/// <summary>Ids from the outside are checked against their patterns before any storage call: a bad one is 401 or 404, never a 500.</summary>
[Collection(StorageCollection.Name)]
public sealed class IdValidationTests(AzuriteFixture azurite)
{
    public static TheoryData<string> BadPartnerIds => ["pk_a#b.0123", "pk_a/b.0123", "pk_a\\b.0123", "pk_a?b.0123", "pk_" + new string('x', 2000) + ".0123", "pk_%00.0123", "pk_-lead.0123"];

    public static TheoryData<string> BadShareCodes => ["a%23b", new string('a', 1500), "abc%3Fdef12", "%7F%7F%7F%7F%7F%7F%7F%7F%7F%7F"];

    [Theory]
    [MemberData(nameof(BadPartnerIds))]
    public async Task A_partner_key_whose_id_breaks_the_pattern_is_401(string key)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(HttpMethod.Get, "/api/partner/orders", key);

        Assert.Equal((401, "invalid-token"), (status, problem.Value<string>("code")));
    }

    [Theory]
    [MemberData(nameof(BadShareCodes))]
    public async Task A_share_code_that_breaks_the_pattern_is_404(string code)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var opener = await app.WorkerAsync("w-1");

        var (read, readProblem) = await app.SendAsync(HttpMethod.Get, $"/api/shares/{code}", bearer: null);
        var (open, openProblem) = await app.SendAsync(HttpMethod.Post, $"/api/shares/{code}/opens", opener);

        Assert.Equal((404, "share-not-found"), (read, readProblem.Value<string>("code")));
        Assert.Equal((404, "share-not-found"), (open, openProblem.Value<string>("code")));
    }
}
