using System.Text.Json.Nodes;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.App;

/// <summary>
/// The web app manifest (issue 41): what a phone needs to install Allyship on its home screen. It opens on This week,
/// standalone (no browser bar), and a long press on the icon offers the three log forms. Written in the reader's
/// language, like every page.
/// </summary>
public static class AppManifest
{
    public static JsonObject Build() => new()
    {
        ["id"] = "/",
        ["name"] = "Allyship",
        ["short_name"] = "Allyship",
        ["description"] = Text.Words["The 36-minute pledge: a coffee, a shout-out and a sponsor note, every week."].Value,
        ["lang"] = Cultures.LangOf(System.Globalization.CultureInfo.CurrentUICulture),
        ["dir"] = Cultures.IsRightToLeft(System.Globalization.CultureInfo.CurrentUICulture) ? "rtl" : "ltr",
        ["start_url"] = "/", // This week for a mentor (the home sends each person to their page: the programs, the reports)
        ["scope"] = "/",
        ["display"] = "standalone",
        ["theme_color"] = InstalledApp.ThemeColour,
        ["background_color"] = "#ffffff",
        ["icons"] = new JsonArray(
            Icon("/icons/icon-192.png", "192x192", "any"),
            Icon("/icons/icon-512.png", "512x512", "any"),
            Icon("/icons/maskable-512.png", "512x512", "maskable")),
        ["shortcuts"] = new JsonArray(
            Shortcut(Text.Words["Log a coffee"], "/log/coffee", "/icons/shortcut-coffee.png"),
            Shortcut(Text.Words["Log a shout-out"], "/log/shout-out", "/icons/shortcut-shout-out.png"),
            Shortcut(Text.Words["Log a sponsor note"], "/log/sponsor-note", "/icons/shortcut-sponsor-note.png")),
    };

    public static WebApplication MapAppManifest(this WebApplication app)
    {
        app.MapGet(InstalledApp.ManifestPath, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache"; // small, and its words follow the reader's language
            return Results.Text(Build().ToJsonString(), "application/manifest+json");
        }).AllowAnonymous();
        return app;
    }

    private static JsonObject Icon(string src, string sizes, string purpose) => new() { ["src"] = src, ["sizes"] = sizes, ["type"] = "image/png", ["purpose"] = purpose };

    private static JsonObject Shortcut(string name, string url, string icon) => new()
    {
        ["name"] = name, ["short_name"] = name, ["url"] = url,
        ["icons"] = new JsonArray(new JsonObject { ["src"] = icon, ["sizes"] = "96x96", ["type"] = "image/png" }),
    };
}
