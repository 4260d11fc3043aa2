using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Tests.Api;

public sealed class WorkerTokenTests
{
    private static readonly string Key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string Key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

    private static WorkerTokens Tokens(string active, params (string Kid, string Key)[] keys)
    {
        var options = new IdentityOptions { ActiveLinkSigningKey = active };
        foreach (var (kid, key) in keys)
        {
            options.LinkSigningKeys[kid] = key;
        }

        return new WorkerTokens(Options.Create(options), Clock);
    }

    [Fact]
    public async Task A_link_signed_with_a_retired_kid_still_validates_while_that_key_is_configured()
    {
        var (token, _) = Tokens("k1", ("k1", Key1)).Issue("w-1", 3);

        var afterRotation = await Tokens("k2", ("k1", Key1), ("k2", Key2)).ValidateAsync(token);

        Assert.Equal(new WorkerPrincipal("w-1", 3), afterRotation.Value);
    }

    [Fact]
    public async Task A_link_whose_key_was_removed_no_longer_validates()
    {
        var (token, _) = Tokens("k1", ("k1", Key1)).Issue("w-1", 1);

        var afterRemoval = await Tokens("k2", ("k2", Key2)).ValidateAsync(token);

        Assert.Equal("invalid-token", afterRemoval.Refusal!.Code);
    }

    [Fact]
    public void A_short_signing_key_is_refused_at_start()
    {
        Assert.Throws<InvalidOperationException>(() => Tokens("k1", ("k1", Convert.ToBase64String(new byte[16]))));
    }
}
