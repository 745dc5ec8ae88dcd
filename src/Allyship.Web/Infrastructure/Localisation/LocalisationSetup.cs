using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Infrastructure.Localisation;

/// <summary>
/// ASP.NET Core's localisation: resx files under Resources (English is the source and the keys), the request's language
/// chosen by, in order, <c>?culture=</c> (for trying a language), the language saved on the account (its cookie, set at
/// sign-in and on Settings), the browser's Accept-Language, then English.
/// </summary>
public static class LocalisationSetup
{
    public const string ResourcesPath = "Resources";

    /// <summary>
    /// The same localizers the container gives, for code that has no services to ask (a record's sentence, a rule's
    /// message): resx lookups depend only on the resources and the current UI culture.
    /// </summary>
    public static IStringLocalizerFactory StandaloneFactory() =>
        new PseudoLocalizerFactory(new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = ResourcesPath }), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

    public static WebApplicationBuilder AddLocalisation(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = ResourcesPath);
        Data.Sentences.Localise = (format, args) => Text.Words[format, args!];
        builder.Services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        builder.Services.AddSingleton<IStringLocalizerFactory, PseudoLocalizerFactory>();
        var withPseudo = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        // `Localisation:Languages`: the languages people may choose; English, French and Spanish unless a deployment lists
        // fewer ("en" alone keeps every page and email in English).
        var languages = Cultures.Configured(builder.Configuration[$"{Cultures.Section}:Languages"]);
        // `Localisation:DefaultLanguage`: the program's language, for colleagues the directory gives none and browsers asking for none offered.
        var fallback = builder.Configuration[$"{Cultures.Section}:DefaultLanguage"]?.Trim().ToLowerInvariant();
        var defaultLanguage = languages.Any(l => l.Code == fallback) ? fallback! : Cultures.English;
        builder.Services.AddSingleton(new OfferedLanguages(languages, defaultLanguage));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            // English keeps the invariant culture's formatting it has always had; its words come from the English source.
            IEnumerable<string> available = [.. languages.Select(l => l.Code), .. withPseudo ? new[] { Cultures.Pseudo, Cultures.PseudoMirrored } : []];
            var formats = new List<CultureInfo> { CultureInfo.InvariantCulture };
            formats.AddRange(available.Where(c => c != Cultures.English).Select(c => new CultureInfo(c)));
            o.DefaultRequestCulture = defaultLanguage == Cultures.English
                ? new RequestCulture(CultureInfo.InvariantCulture, new CultureInfo(Cultures.English))
                : new RequestCulture(defaultLanguage);
            o.SupportedCultures = formats;
            o.SupportedUICultures = [.. available.Select(c => new CultureInfo(c))];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.ApplyCurrentCultureToResponseHeaders = true;
        });
        return builder;
    }

    public static IApplicationBuilder UseLocalisation(this IApplicationBuilder app) =>
        app.UseRequestLocalization(app.ApplicationServices.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value);

    /// <summary>The cookie that carries a person's saved language to every request (set at sign-in and when she saves Settings).</summary>
    public static void RememberLanguage(HttpResponse response, string? language)
    {
        if (string.IsNullOrEmpty(language))
        {
            response.Cookies.Delete(CookieRequestCultureProvider.DefaultCookieName);
            return;
        }

        // English's formats are the default (invariant) ones: "en" is not a formatting culture here, so it falls back to them.
        var culture = new RequestCulture(language);
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(culture),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365), Secure = response.HttpContext.Request.IsHttps });
    }
}
