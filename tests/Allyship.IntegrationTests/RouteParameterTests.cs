using System.Net;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// Every address the app answers, read from its endpoints, with every value it takes from the address (route values,
/// and the query parameters of its GET handlers) replaced in turn by one nobody should send: negative, zero, beyond an
/// int, not a number, the ends of the calendar. Whatever is wrong with the address, the answer is never a 500.
/// </summary>
public sealed class RouteParameterTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static readonly string[] OddValues =
    [
        "-1", "0", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "abc", "1.5", "0001-01-01", "9999-12-31", "-0001-01-01", "",
    ];

    /// <summary>A page's or endpoint's address with the names it reads from the query, and its named GET handlers.</summary>
    private sealed record Target(RoutePattern Route, IReadOnlyList<string> QueryNames, IReadOnlyList<string?> Handlers);

    private async Task<List<Target>> TargetsAsync()
    {
        var loader = app.Services.GetRequiredService<Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageLoader>();
        var targets = new List<Target>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 } methods && !methods.HttpMethods.Contains("GET"))
            {
                continue;
            }

            // A page's handlers and bound properties are known once it is compiled, as its first request would.
            var page = endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } descriptor
                ? await loader.LoadAsync(descriptor, EndpointMetadataCollection.Empty)
                : null;
            var gets = page?.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase)).ToList() ?? [];
            var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var queryNames = gets.SelectMany(h => h.Parameters).Where(p => p.ParameterType != typeof(CancellationToken)).Select(p => p.BindingInfo?.BinderModelName ?? p.Name)
                .Concat(page?.BoundProperties.Where(IsGetBindable).Select(p => p.BindingInfo?.BinderModelName ?? p.Name) ?? [])
                .Where(n => !routeNames.Contains(n))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            targets.Add(new Target(endpoint.RoutePattern, queryNames, gets.Select(h => h.Name).Distinct().DefaultIfEmpty(null).ToList()));
        }

        return targets;
    }

    /// <summary>[BindProperty(SupportsGet = true)] and [FromQuery] properties; plain [BindProperty] ones bind on POST only.</summary>
    private static bool IsGetBindable(Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor property) =>
        property.BindingInfo?.RequestPredicate is not { } predicate
        || predicate(new Microsoft.AspNetCore.Mvc.ActionContext { HttpContext = new DefaultHttpContext { Request = { Method = "GET" } } });

    /// <summary>The path of <paramref name="route"/> with each parameter's value, or without an optional one whose value is null.</summary>
    private static string? Path(RoutePattern route, Func<RoutePatternParameterPart, string?> value)
    {
        var segments = new List<string>();
        foreach (var segment in route.PathSegments)
        {
            var text = "";
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text += literal.Content;
                        break;
                    case RoutePatternSeparatorPart separator:
                        text += separator.Content;
                        break;
                    case RoutePatternParameterPart parameter:
                        var v = value(parameter);
                        if (v is null && !parameter.IsOptional && parameter.Default is null && !parameter.IsCatchAll)
                        {
                            return null;
                        }

                        text += v is null ? "" : Uri.EscapeDataString(v);
                        break;
                }
            }

            if (text.Length > 0)
            {
                segments.Add(text);
            }
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>Each address once per odd value in each of its route values (the others a plain 1) and each of its query names.</summary>
    private static IEnumerable<string> Addresses(Target target)
    {
        foreach (var handler in target.Handlers)
        {
            var handlerQuery = handler is null ? "" : $"handler={Uri.EscapeDataString(handler)}";
            var plain = Path(target.Route, _ => "1");
            foreach (var parameter in target.Route.Parameters)
            {
                foreach (var odd in OddValues)
                {
                    if (Path(target.Route, p => p == parameter ? (odd.Length == 0 ? null : odd) : "1") is { } path)
                    {
                        yield return WithQuery(path, handlerQuery);
                    }
                }
            }

            foreach (var name in target.QueryNames)
            {
                foreach (var odd in OddValues)
                {
                    yield return WithQuery(plain!, handlerQuery, $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(odd)}");
                }
            }
        }
    }

    private static string WithQuery(string path, params string[] parts) =>
        parts.Where(p => p.Length > 0).ToList() is { Count: > 0 } query ? $"{path}?{string.Join('&', query)}" : path;

    [Fact]
    public async Task No_odd_value_in_any_address_answers_500_to_an_admin_or_to_anyone()
    {
        var addresses = (await TargetsAsync()).SelectMany(Addresses).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"{addresses.Count} addresses");
        addresses.Count.ShouldBeGreaterThan(500, "the walk found the app's endpoints and their parameters");
        addresses.ShouldContain("/error/-1");
        addresses.ShouldContain("/admin/programs/2147483648");
        addresses.ShouldContain(a => a.StartsWith("/log/", StringComparison.Ordinal) && a.Contains("program=-1", StringComparison.Ordinal), "query values of GET handlers too");

        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin, Roles.HR));
        var anyone = new Browser(app.NewClient());
        var failures = new List<string>();
        foreach (var address in addresses)
        {
            foreach (var (who, browser) in new[] { ("admin", admin), ("anonymous", anyone) })
            {
                var status = await browser.StatusOfAsync(address);
                if ((int)status >= 500 && status != HttpStatusCode.ServiceUnavailable)
                {
                    failures.Add($"{(int)status} {who} GET {address}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/error/-1")]
    [InlineData("/error/0")]
    [InlineData("/error/200")]
    [InlineData("/error/399")]
    [InlineData("/error/600")]
    [InlineData("/error/2147483647")]
    [InlineData("/error")]
    public async Task An_error_page_for_a_code_that_is_no_error_is_not_found(string address)
    {
        var page = await new Browser(app.NewClient()).GetPageAsync(address, HttpStatusCode.NotFound);
        page.QuerySelector("h1")!.TextContent.ShouldBe("We can't find that page");
    }
}
