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

    private static WorkerTokens Tokens(string active, params (string Kid, string Key)[] keys) => Tokens(Clock, active, keys);

    private static WorkerTokens Tokens(TimeProvider clock, string active, params (string Kid, string Key)[] keys)
    {
        var options = new IdentityOptions { ActiveLinkSigningKey = active };
        foreach (var (kid, key) in keys)
        {
            options.LinkSigningKeys[kid] = key;
        }

        return new WorkerTokens(Options.Create(options), clock);
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

    [Fact]
    public async Task A_link_that_is_not_valid_yet_is_refused()
    {
        var ahead = new FakeTimeProvider(Clock.GetUtcNow() + TimeSpan.FromHours(1));
        var (token, _) = Tokens(ahead, "k1", ("k1", Key1)).Issue("w-1", 1);

        var now = await Tokens("k1", ("k1", Key1)).ValidateAsync(token);
        var later = await Tokens(ahead, "k1", ("k1", Key1)).ValidateAsync(token);

        Assert.Equal(("invalid-token", "The link is not valid yet."), (now.Refusal!.Code, now.Refusal.Detail));
        Assert.False(later.IsRefused);
    }

    [Fact]
    public async Task A_link_naming_an_unknown_kid_is_refused_without_trying_the_other_keys()
    {
        // Signed with k1's very key material, but naming a kid nobody configured: only the kid may choose the key.
        var key = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String(Key1)) { KeyId = "k9" };
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "ankang-rewards",
            Audience = "worker",
            Claims = new Dictionary<string, object> { ["sub"] = "w-1", ["ver"] = 1 },
            NotBefore = Clock.GetUtcNow().UtcDateTime,
            Expires = Clock.GetUtcNow().UtcDateTime.AddDays(1),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(key, "HS256"),
        });

        var result = await Tokens("k1", ("k1", Key1)).ValidateAsync("wt_" + jwt);

        Assert.Equal(("invalid-token", "The token is signed with a key this service does not know."), (result.Refusal!.Code, result.Refusal.Detail));
    }
}
