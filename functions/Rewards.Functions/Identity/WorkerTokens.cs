using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Rewards.Domain;

namespace Rewards.Functions.Identity;

/// <summary>Who a valid worker token speaks for, and which token version it carries (raising the account's version revokes it).</summary>
internal sealed record WorkerPrincipal(string WorkerId, int TokenVersion);

/// <summary>
/// Link tokens: JWT HS256 with kid rotation. Worker links carry a version claim and are prefixed "wt_"; the same
/// signer makes the venue screens' links (<see cref="ScreenTokens"/>, "st_"), each kind under its own audience.
/// </summary>
internal sealed class WorkerTokens
{
    public const string Prefix = "wt_";
    private const string Issuer = "ankang-rewards";
    private const string Audience = "worker";

    private static readonly TimeSpan NotBeforeSkew = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly Dictionary<string, SymmetricSecurityKey> _keys;
    private readonly SymmetricSecurityKey _active;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;

    public WorkerTokens(IOptions<IdentityOptions> options, TimeProvider clock)
    {
        var o = options.Value;
        _keys = o.LinkSigningKeys.ToDictionary(k => k.Key, k => new SymmetricSecurityKey(Convert.FromBase64String(k.Value)) { KeyId = k.Key });
        if (_keys.Count == 0 || _keys.Values.Any(k => k.KeySize < 256))
        {
            throw new InvalidOperationException("Rewards:LinkSigningKeys needs at least one key of 32 bytes or more (Base64).");
        }

        var kid = o.ActiveLinkSigningKey ?? (_keys.Count == 1 ? _keys.Keys.Single() : throw new InvalidOperationException("Set Rewards:ActiveLinkSigningKey when several link signing keys are configured."));
        _active = _keys.TryGetValue(kid, out var key) ? key : throw new InvalidOperationException($"Rewards:ActiveLinkSigningKey '{kid}' is not among the link signing keys.");
        _clock = clock;
        _lifetime = TimeSpan.FromDays(o.LinkLifetimeDays);
    }

    /// <summary>
    /// A worker's personal link: the token rides in the fragment (<c>/w/#wt_…</c>), which a browser never sends, so
    /// no server, proxy, access log or request telemetry ever holds it. The page reads it from there.
    /// </summary>
    public static string Link(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}/w/#{token}";

    public (string Token, DateTimeOffset ExpiresAt) Issue(string workerId, int tokenVersion)
    {
        var expires = _clock.GetUtcNow() + _lifetime;
        return (Sign(Prefix, Audience, [new Claim("sub", workerId), new Claim("ver", tokenVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer32)], expires), expires);
    }

    /// <summary>Checks signature, issuer, audience and expiry (on the injected clock). Revocation by version is checked where the account is read.</summary>
    public async Task<Decision<WorkerPrincipal>> ValidateAsync(string token) =>
        (await VerifyAsync(Prefix, Audience, token)).Then<WorkerPrincipal>(jwt =>
            jwt.TryGetPayloadValue<string>("sub", out var sub) && jwt.TryGetPayloadValue<int>("ver", out var ver) && !string.IsNullOrEmpty(sub)
                ? new WorkerPrincipal(sub, ver)
                : Invalid("The token lacks its subject or version."));

    /// <summary>A link token of any kind (<paramref name="prefix"/> and <paramref name="audience"/> say which), signed with the active key.</summary>
    public string Sign(string prefix, string audience, IEnumerable<Claim> claims, DateTimeOffset expires)
    {
        var now = _clock.GetUtcNow();
        var jwt = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(_active, SecurityAlgorithms.HmacSha256),
        });
        return prefix + jwt;
    }

    /// <summary>Checks a link token's prefix, signature (the key its kid names, no other), issuer, audience and lifetime on the injected clock.</summary>
    public async Task<Decision<JsonWebToken>> VerifyAsync(string prefix, string audience, string token)
    {
        if (!token.StartsWith(prefix, StringComparison.Ordinal))
        {
            return Invalid($"The token is not a {audience} token.");
        }

        // The kid picks the one key to try: an unknown kid is refused outright, never checked against every key.
        if (KidOf(token[prefix.Length..]) is not { } kid)
        {
            return Invalid($"The link is not complete or not a {audience} link; ask for a new one.");
        }

        if (!_keys.TryGetValue(kid, out var key))
        {
            return Invalid("The token is signed with a key this service does not know.");
        }

        var result = await _handler.ValidateTokenAsync(token[prefix.Length..], new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = audience,
            IssuerSigningKey = key,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateLifetime = false,
            RequireSignedTokens = true,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return Invalid("The token's signature, issuer or audience does not check out.");
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo <= now)
        {
            return Invalid("The link has expired; ask for a new one.");
        }

        // Lifetime is checked here, on the injected clock, so nbf is too (a minute's grace for clocks that differ).
        if (!jwt.TryGetPayloadValue<long>("nbf", out _) || jwt.ValidFrom > now + NotBeforeSkew)
        {
            return Invalid("The link is not valid yet.");
        }

        return jwt;
    }

    private string? KidOf(string jwt)
    {
        try
        {
            return _handler.CanReadToken(jwt) ? _handler.ReadJsonWebToken(jwt).Kid : null;
        }
        catch (ArgumentException)
        {
            return null; // not a JWT at all; refused like any token this service did not sign
        }
    }

    private static Refusal Invalid(string detail) => new(RefusalCodes.InvalidToken, detail);
}
