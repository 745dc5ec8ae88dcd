using Allyship.Web.Infrastructure.Localisation;
using Allyship.Web.Infrastructure.Accounts;

namespace Allyship.Web.Infrastructure;

public static class WebSetup
{
    public static readonly string[] StaticMimeTypes = ["text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/json", "text/plain"];

    /// <summary>
    /// A file linked with its content hash (<c>asp-append-version</c> adds <c>?v=</c>) never changes under that address:
    /// a year, immutable. Anything else (favicon, robots.txt) an hour, then asked again.
    /// </summary>
    public static void CacheHeaders(HttpContext context) =>
        context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "public, max-age=3600";

    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        // A year, as browsers' preload lists expect; sub-domains only when the operator says every one of them is HTTPS.
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = builder.Configuration.GetValue("Security:HstsIncludeSubDomains", false);
        });
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Features";
            // Every page needs a signed-in user (the fallback policy) unless its page model says [AllowAnonymous]; the
            // pages anyone may post to say [EnableRateLimiting(RateLimits.Accounts)]. PageAccessTests lists both.
            options.Conventions.AuthorizeFolder("/Admin", Policies.ProgramAdmin);
            options.Conventions.AuthorizeFolder("/Reports", Policies.HR);
            options.Conventions.AddPageRoute("/Admin/Programs/Edit", "/admin/programs/new");
        }).AddMvcOptions(options =>
        {
            // Values the model binder cannot read get sentences too, next to their field.
            var messages = options.ModelBindingMessageProvider;
            var words = Localisation.Text.Words;
            // A field's name ([Display(Name = "date")]) is read in the sentence's language as the key "field: date" (resx keys
            // ignore case, so "date" could not sit beside the label "Date").
            string Field(string field) => words[$"field: {field}"] is { ResourceNotFound: false } found ? found.Value : field;
            messages.SetAttemptedValueIsInvalidAccessor((value, field) => words["“{0}” is not a valid {1}.", value, Field(field)]);
            messages.SetValueIsInvalidAccessor(value => words["“{0}” is not a valid value here.", value]);
            messages.SetValueMustNotBeNullAccessor(field => words["Enter the {0}.", Field(field)]);
            messages.SetValueMustBeANumberAccessor(field => words["Enter a number for the {0}.", Field(field)]);
        }).AddDataAnnotationsLocalization(options =>
            // Labels ([Display]) and validation sentences ([Required(ErrorMessage)]) are keys of the app's one resource, like every other string.
            options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Localisation.Text)));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "allyship.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        // Static files (CSS, script, SVG, JSON) go out Brotli- or gzip-compressed. Pages are not: they carry antiforgery
        // tokens beside text a visitor can put in, the mix compression side channels (BREACH) feed on.
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = StaticMimeTypes;
        });
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.AddOutputCache(); // used only by the pages that ask for it (PersonalPageCacheAttribute): nothing is cached by default
        builder.Services.AddSingleton<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore, KeptPages>(); // in the one cache (ADR 20)
        builder.AddRequestLimits();
        builder.AddRateLimits();
        return builder;
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
            if (app.Configuration.GetValue("Security:Hsts", true))
            {
                app.UseHsts(); // HTTPS only, and never for localhost
            }
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UseRequestLimits();
        DatabaseFile.UseDatabaseFileGuard(app);
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/css") || context.Request.Path.StartsWithSegments("/js")
            || context.Request.Path.StartsWithSegments("/lib"), branch => branch.UseResponseCompression());
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = context => CacheHeaders(context.Context) });
        app.UseLocalisation(); // the request's language, before anything reads or writes words
        app.UseRouting();
        app.UseRateLimiter();
        // An address no page answers is a 404 for everyone: without this the fallback policy sends anonymous visitors to
        // sign in first, as if the page existed.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is null && !context.Request.Path.StartsWithSegments(Accounts.AuthenticationSettings.CallbackPath))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next();
        });
        app.UseAuthentication();
        app.UseTwoFactorGate(app.Services.GetRequiredService<Accounts.SecurityOptions>());
        app.UseAuthorization();
        app.UseOutputCache(); // after authorization: a stored page is only ever served to someone allowed to see it
        app.MapRazorPages();
        app.MapHealth();
        return app;
    }

    private static void UseSecurityHeaders(this WebApplication app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            // The Hangfire dashboard ships inline scripts; our own pages need nothing but same-origin files.
            if (!context.Request.Path.StartsWithSegments("/admin/jobs"))
            {
                headers.ContentSecurityPolicy = "default-src 'self'; object-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
            }

            // Every download (reports, personal-data exports, CSV templates and rows to fix) holds someone's data: no
            // browser or proxy keeps a copy, whichever page wrote it.
            context.Response.OnStarting(() =>
            {
                if (context.Response.Headers.ContentDisposition.ToString().StartsWith("attachment", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next();
        });
}
