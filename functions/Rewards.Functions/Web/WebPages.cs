using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Rewards.Functions.Web;

/// <summary>
/// The pages, served by the function app itself: plain HTML, CSS and JavaScript modules embedded in the
/// assembly, with no build step and nothing loaded from the internet. The page is public; the token in its
/// URL is what the page's script sends to the API, and the API checks it.
/// </summary>
internal sealed class WebPages
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".js"] = "text/javascript; charset=utf-8",
    };

    [Function("WorkerPage")]
    public IActionResult Worker([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "w/{token}")] HttpRequest req, string token) =>
        Asset("worker.html", req);

    /// <summary>The worker app after it has taken the token out of the address bar (it keeps it in the tab).</summary>
    [Function("WorkerPageInTab")]
    public IActionResult WorkerInTab([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "w")] HttpRequest req) =>
        Asset("worker.html", req);

    [Function("SharePage")]
    public IActionResult Share([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "s/{code}")] HttpRequest req, string code) =>
        Asset("share.html", req);

    /// <summary>
    /// The admin console. Not at /admin: the Functions host reserves routes that start with "admin" for its own
    /// API and refuses such a function at start-up. The page holds no secret; the admin key is pasted into it.
    /// </summary>
    [Function("ConsolePage")]
    public IActionResult Console([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest req) =>
        Asset("console.html", req);

    /// <summary>The partner portal; the partner's key is typed in and kept in the tab's sessionStorage, never in a URL.</summary>
    [Function("PartnerPortal")]
    public IActionResult Partner([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "partner")] HttpRequest req) =>
        Asset("partner.html", req);

    [Function("WebAsset")]
    public IActionResult Assets([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{file}")] HttpRequest req, string file) =>
        Asset(file, req);

    /// <summary>
    /// The venue screen of an activity's check-in: the rotating code as digits and QR, and the count so far. Beside
    /// the console at /console (the Functions host reserves routes that start with "admin" for itself); it signs in
    /// with the admin key as the console does, kept in sessionStorage only.
    /// </summary>
    [Function("CheckInScreenPage")]
    public IActionResult CheckInScreen([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/activities/{id}/checkin")] HttpRequest req, string id) =>
        Asset("checkin.html", req);

    private static IActionResult Asset(string file, HttpRequest req)
    {
        var type = Types.GetValueOrDefault(Path.GetExtension(file));
        using var stream = type is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream($"Rewards.Functions.Web.assets.{file}");
        if (stream is null)
        {
            // A problem like every other error: an empty 404 would be the one answer a client could not read.
            return Http.ApiResults.Problem(404, Domain.RefusalCodes.NotFound, "Not found", "There is no such file.");
        }

        // The worker's link is a secret: never let it leak through a Referer or a shared cache.
        req.HttpContext.Response.Headers.CacheControl = "no-store";
        req.HttpContext.Response.Headers["Referrer-Policy"] = "no-referrer";
        req.HttpContext.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' https:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        req.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        using var reader = new StreamReader(stream);
        return new ContentResult { Content = reader.ReadToEnd(), ContentType = type, StatusCode = 200 };
    }
}
