using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Rewards.Functions.Webhooks;

/// <summary>Resolves a host name to its addresses; replaced in tests to play a DNS that answers with private addresses.</summary>
internal delegate Task<IPAddress[]> HostResolver(string host, CancellationToken ct);

/// <summary>Webhook settings. <see cref="AllowLoopback"/> is for development: on in the DevHost and the tests, off by default.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Rewards:Webhooks";

    /// <summary>Allows webhook URLs on this machine (127.0.0.1, ::1, localhost), over http or https, so a local receiver can be tested.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>How long one HTTP try may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one send may take with its retries; then the event is queued again for later.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>A webhook address that may not be called: not https, not public, or not resolvable.</summary>
internal sealed class WebhookAddressRefusedException(string message) : HttpRequestException(message);

/// <summary>
/// No SSRF through webhooks: a URL must be https without credentials, and every address its host resolves to must
/// be public (not loopback, private, link-local, carrier-grade NAT, multicast, documentation or otherwise reserved).
/// The check runs when the URL is saved and again at send time, inside the connection itself
/// (<see cref="ConnectAsync"/>), so a DNS answer that changes after the check (rebinding) still reaches no private
/// address. Redirects are never followed (the handler's AllowAutoRedirect is off).
/// </summary>
internal sealed class WebhookAddresses(HostResolver resolve, IOptions<WebhookOptions> options)
{
    public static Task<IPAddress[]> DnsResolver(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, ct);

    /// <summary>What is wrong with the URL's form, or null. No network is involved.</summary>
    public string? FormProblem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return "must be an absolute https URL without credentials or fragment";
        }

        var loopback = options.Value.AllowLoopback && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));
        return uri.Scheme == Uri.UriSchemeHttps || (loopback && uri.Scheme == Uri.UriSchemeHttp) ? null : "must be an https URL";
    }

    /// <summary>
    /// At save time: the form, then the addresses the host resolves to now. A host that does not resolve yet is
    /// accepted (its DNS may not be set up yet); it is checked again at every send.
    /// </summary>
    public async Task<string?> ProblemAsync(string url, CancellationToken ct)
    {
        if (FormProblem(url) is { } problem)
        {
            return problem;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolve(new Uri(url).IdnHost, ct);
        }
        catch (SocketException)
        {
            return null;
        }

        return addresses.FirstOrDefault(a => !Allowed(a)) is { } refused ? $"resolves to {refused}, which is not a public address" : null;
    }

    /// <summary>The connection of every webhook request: resolve now, refuse any non-public address, connect only to vetted ones.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await resolve(host, ct);
        var refused = addresses.Where(a => !Allowed(a)).ToList();
        if (addresses.Length == 0 || refused.Count > 0)
        {
            throw new WebhookAddressRefusedException($"The webhook host {host} resolves to {(refused.Count == 0 ? "nothing" : string.Join(", ", refused))}, which is not a public address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public bool Allowed(IPAddress address) => IsPublic(address) || (options.Value.AllowLoopback && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));

    /// <summary>Global unicast only: every special-purpose range of IANA's registries is refused.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 192 && b[1] == 88 && b[2] == 99)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || (b[0] & 0xE0) != 0x20)
        {
            return false; // Outside 2000::/3: loopback, unspecified, link-local, unique local, multicast, NAT64 and the rest.
        }

        var documentationOrTeredo = b[0] == 0x20 && b[1] == 0x01 && ((b[2] == 0x0d && b[3] == 0xb8) || (b[2] == 0 && b[3] == 0));
        var sixToFour = b[0] == 0x20 && b[1] == 0x02;
        return !documentationOrTeredo && (!sixToFour || IsPublic(new IPAddress(b[2..6])));
    }
}
