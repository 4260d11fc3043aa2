using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Api;

[Collection(StorageCollection.Name)]
public sealed class DeleteTests(AzuriteFixture azurite)
{
    /// <summary>The table SDK answers a delete of a missing row with a 404 response, not an exception: it was read as deleted (204).</summary>
    [Theory]
    [InlineData("content", "content-not-found")]
    [InlineData("quizzes", "quiz-not-found")]
    [InlineData("campaigns", "campaign-not-found")]
    [InlineData("competitions", "competition-not-found")]
    [InlineData("activities", "activity-not-found")]
    public async Task Deleting_what_is_not_there_answers_404_with_its_code(string collection, string code)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(HttpMethod.Delete, $"/api/admin/{collection}/nothing-here");

        Assert.Equal((404, code), (status, problem.Value<string>("code")));
    }
}
