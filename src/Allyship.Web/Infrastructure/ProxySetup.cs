using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// Behind a reverse proxy (nginx, a cloud load balancer) the client's address and scheme arrive in X-Forwarded-For and
/// X-Forwarded-Proto. They are believed only from the proxies listed in Proxy:KnownProxies (addresses) and
/// Proxy:KnownNetworks (CIDR ranges); loopback is always trusted. Anyone else's forwarded headers are ignored.
/// </summary>
public static class ProxySetup
{
    public static WebApplicationBuilder AddProxySupport(this WebApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection("Proxy:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection("Proxy:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Where(p => !string.IsNullOrWhiteSpace(p)))
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                    ? address
                    : throw new InvalidOperationException($"Proxy:KnownProxies: \"{proxy}\" is not an IP address."));
            }

            foreach (var network in networks.Where(n => !string.IsNullOrWhiteSpace(n)))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var range)
                    ? range
                    : throw new InvalidOperationException($"Proxy:KnownNetworks: \"{network}\" is not a CIDR range such as 10.0.0.0/8."));
            }
        });
        return builder;
    }
}
