using Microsoft.AspNetCore.Http;
using Rewards.Functions.Http;

namespace Rewards.Functions.Tests.Security;

/// <summary>Links printed in Azure carry the public host the Functions host forwarded, not the worker's localhost.</summary>
public sealed class ForwardedHostTests
{
    private static HttpRequest Forwarded(params (string Name, string Value)[] headers)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString("localhost", 38211);
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        ForwardedHost.Apply(request);
        return request;
    }

    [Fact]
    public void The_public_host_and_scheme_the_host_forwarded_replace_the_workers_own()
    {
        var request = Forwarded(("X-Forwarded-Host", "ankang-x7f.chinanorth3-01.chinacloudsites.cn"), ("X-Forwarded-Proto", "https"));

        Assert.Equal("https://ankang-x7f.chinanorth3-01.chinacloudsites.cn", $"{request.Scheme}://{request.Host}");
    }

    [Fact]
    public void When_a_proxy_appends_to_what_a_client_sent_its_own_last_value_wins()
    {
        var request = Forwarded(("X-Forwarded-Host", "evil.example, rewards.example.cn:8443"), ("X-Forwarded-Proto", "http, https"));

        Assert.Equal("https://rewards.example.cn:8443", $"{request.Scheme}://{request.Host}");
    }

    [Theory]
    [InlineData("not a host/", "gopher")]
    [InlineData("", "")]
    public void A_malformed_value_leaves_the_request_as_it_came(string host, string proto)
    {
        var request = Forwarded(("X-Forwarded-Host", host), ("X-Forwarded-Proto", proto));

        Assert.Equal("http://localhost:38211", $"{request.Scheme}://{request.Host}");
    }

    [Fact]
    public void Without_forwarded_headers_nothing_changes() =>
        Assert.Equal("http://localhost:38211", $"{Forwarded().Scheme}://{Forwarded().Host}");

    [Fact]
    public void The_functions_host_applies_it_before_any_other_middleware()
    {
        var program = File.ReadAllText(Path.Combine(Rewards.DevHost.Hosting.Azurite.FindRepositoryRoot(AppContext.BaseDirectory), "functions", "Rewards.Functions", "Program.cs"));
        var middlewares = System.Text.RegularExpressions.Regex.Matches(program, @"UseMiddleware<(\w+)>").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal("ForwardedHostMiddleware", middlewares.FirstOrDefault());
    }
}
