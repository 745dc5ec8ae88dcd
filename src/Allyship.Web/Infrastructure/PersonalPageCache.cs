using System.Security.Claims;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// A signed-in person's own page kept as rendered (issue 19, ADR 17): the next view within the minute is written from
/// memory without running the page, while nothing it shows has changed. The key holds the person, the query, the
/// minute and their antiforgery cookie (the stored forms' tokens were made for it); the stored copy is kept in the one
/// cache (<see cref="KeptPages"/>, ADR 20) under the tags of what the page reads, so a committed change drops it at once,
/// on every instance, and a page rendered while such a change committed is not kept. Never used for a request carrying
/// TempData (a status shown once) or without an antiforgery cookie, never stored from a response that sets a cookie or
/// is not a 200. A page asks for it with an attribute of its own deriving from this one, naming its tags and lifetime.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public abstract class PersonalPageCacheAttribute(Func<string, IReadOnlyList<string>> topics, TimeSpan lifetime) : Attribute, IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var antiforgery = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        var tempData = services.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.Name;
        var user = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var usable = HttpMethods.IsGet(http.Request.Method) && user is not null
            && antiforgery is not null && http.Request.Cookies.ContainsKey(antiforgery)
            && tempData is not null && !http.Request.Cookies.ContainsKey(tempData);
        context.EnableOutputCaching = usable;
        context.AllowCacheLookup = usable;
        context.AllowCacheStorage = usable;
        context.AllowLocking = true;
        if (!usable)
        {
            return ValueTask.CompletedTask;
        }

        // The mark comes before the page reads anything: KeptPages keeps the page only if none of its tags was dropped since.
        http.Items[KeptPages.MarkKey] = services.GetRequiredService<DataChanges>().Mark();
        context.ResponseExpirationTimeSpan = lifetime;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["user"] = user!;
        // Her page in the language it was read in: another language (Settings, the browser's) is another page.
        context.CacheVaryByRules.VaryByValues["culture"] = System.Globalization.CultureInfo.CurrentUICulture.Name + "|" + System.Globalization.CultureInfo.CurrentCulture.Name;
        context.CacheVaryByRules.VaryByValues["antiforgery"] = http.Request.Cookies[antiforgery!]!;
        context.CacheVaryByRules.VaryByValues["minute"] = services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);
        context.Tags.UnionWith(topics(user!));
        return ValueTask.CompletedTask;
    }

    private static bool IsDeletionOf(string? setCookie, string? name) =>
        name is not null && setCookie is not null && setCookie.StartsWith(name + "=;", StringComparison.Ordinal)
        && setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        var tempData = context.HttpContext.RequestServices.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.Name;
        // A cookie set (a renewed session, a new antiforgery token) belongs to that one response. The one exception is
        // TempData's "clear the status cookie", sent after every page that reads TempData: harmless to repeat, as the
        // stored page is only served to requests that carry no status cookie.
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.SetCookie.Any(cookie => !IsDeletionOf(cookie, tempData)))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The output cache's store: the one cache (<see cref="DataChanges"/>, HybridCache), so a kept page is dropped by the
/// commit hook like everything else kept, on every instance, and counts against the same memory bound.
/// </summary>
public sealed class KeptPages(DataChanges changes, IHttpContextAccessor http) : IOutputCacheStore
{
    /// <summary>Where <see cref="PersonalPageCacheAttribute"/> leaves the mark taken before the page read anything.</summary>
    internal const string MarkKey = "kept-pages:mark";

    /// <summary>A page's key, headers and the entry around its body.</summary>
    private const long Overhead = 2048;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        (await changes.FindAsync<byte[]>(Printable(key), cancellationToken))?.Value;

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        http.HttpContext?.Items[MarkKey] is long mark
            ? changes.KeepAsync(Printable(key), value, value.Length + Overhead, tags ?? [], validFor, mark, cancellationToken)
            : ValueTask.CompletedTask; // not a page that asked to be kept (no mark): nothing to keep

    /// <summary>
    /// The output cache's key with its control characters (its field separators) escaped, as HybridCache refuses keys
    /// holding any; one to one ('%' is escaped too), so two pages never share a key.
    /// </summary>
    internal static string Printable(string key)
    {
        if (!key.Any(c => c == '%' || char.IsControl(c)))
        {
            return key;
        }

        var text = new System.Text.StringBuilder(key.Length + 16);
        foreach (var c in key)
        {
            if (c == '%' || char.IsControl(c))
            {
                text.Append('%').Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Nothing evicts by hand: the commit hook drops tags (<see cref="DataChangesInterceptor"/>).</summary>
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Kept pages are dropped by the commit hook's tags, never by hand.");
}
