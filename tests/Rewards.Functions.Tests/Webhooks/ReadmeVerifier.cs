using System.Security.Cryptography;
using System.Text;

namespace Rewards.Functions.Tests.Webhooks;

/// <summary>The webhook verifier of README.md ("Verifying webhooks"), character for character: ReadmeTests checks that the README shows exactly this.</summary>
internal static class ReadmeVerifier
{
    // README:begin
    public static bool Verify(string header, string body, string secret, DateTimeOffset now)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0].Trim(), p => p[1].Trim());
        var t = parts["t"].FirstOrDefault();
        if (!long.TryParse(t, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300) return false;
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"))));
        return parts["v1"].Any(v => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(v), expected));
    }
    // README:end

    public static bool Verifies(this Received r, string secret, DateTimeOffset now) => Verify(r.Signature, r.Body, secret, now);

    /// <summary>The snippet as README.md must show it (indentation removed).</summary>
    public static string Snippet()
    {
        var source = File.ReadAllText(Path.Combine(Rewards.DevHost.Hosting.Azurite.FindRepositoryRoot(AppContext.BaseDirectory), "tests", "Rewards.Functions.Tests", "Webhooks", "ReadmeVerifier.cs"));
        var start = source.IndexOf("// README:begin", StringComparison.Ordinal);
        var lines = source[start..source.IndexOf("    // README:end", StringComparison.Ordinal)].Split('\n').Skip(1).Where(l => l.Length > 0);
        return string.Join('\n', lines.Select(l => l.StartsWith("    ", StringComparison.Ordinal) ? l[4..] : l)).TrimEnd();
    }
}
