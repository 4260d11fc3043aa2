using System.Text.RegularExpressions;

namespace Rewards.Functions.Http;

/// <summary>
/// Credentials never reach a log: a worker token in a path (/w/{token}) or anywhere else, an admin or partner
/// key, is shown as its kind and last four characters, enough to tell two apart and useless to anyone else.
/// </summary>
internal static partial class Redaction
{
    public static string Redact(string text) =>
        Credential().Replace(text, m => $"{m.Groups["kind"].Value}…{(m.Value.Length > 8 ? m.Value[^4..] : "")}");

    [GeneratedRegex(@"(?<kind>wt_|st_|ak_|pk_|whsec_)[A-Za-z0-9_\-\.%]+", RegexOptions.CultureInvariant)]
    private static partial Regex Credential();
}
