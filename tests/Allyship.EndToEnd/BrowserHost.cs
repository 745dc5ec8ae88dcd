using Allyship.IntegrationTests;
using Allyship.Web.Features.Demo;
using Allyship.Web.Features.Rollups;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allyship.EndToEnd;

/// <summary>
/// The real app served by Kestrel on a loopback port (demo data, a fake clock, an in-process SMTP server) and one
/// Debian Chromium driven by Playwright. Shared by every browser test; each journey makes its own mentor.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    public ServedApp App { get; } = new();

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => App.BaseUrl;

    public async Task InitializeAsync()
    {
        if (BrowserEnvironment.SkipReason is not null)
        {
            return;
        }

        App.StartServer();
        await using (var scope = App.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedDevelopmentDemoAsync();
            await scope.ServiceProvider.GetRequiredService<WeeklyRollupJob>().RunAsync();
        }

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserEnvironment.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=en-GB"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies) at the given viewport; CSP is bypassed only so axe-core can be injected.</summary>
    public async Task<IBrowserContext> NewContextAsync(Viewport viewport)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = viewport.Width, Height = viewport.Height },
            IsMobile = viewport.IsPhone,
            HasTouch = viewport.IsPhone,
            DeviceScaleFactor = viewport.IsPhone ? 2 : 1,
            BypassCSP = true,
            AcceptDownloads = true,
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }
}

/// <summary>The app on a real socket: a browser needs an address, not the in-memory test server.</summary>
public sealed class ServedApp : AppFixtureBase
{
    public ServedApp()
    {
        Port = Allyship.TestSupport.Ports.Free();
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// A weak connection, as the phone meets it in a lift: while true, a log form's post gets no answer (the connection
    /// drops before the app reads it), though the browser still thinks it is online.
    /// </summary>
    public bool DropLogPosts { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("App:BaseUrl", BaseUrl);
        builder.UseSetting("urls", BaseUrl);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter>(_ => new DroppedPosts(this)));
    }

    private sealed class DroppedPosts(ServedApp app) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use(async (context, following) =>
            {
                if (app.DropLogPosts && HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/log")
                {
                    context.Abort();
                    return;
                }

                await following(context);
            });
            next(builder);
        };
    }
}

public sealed record Viewport(string Name, int Width, int Height)
{
    public static readonly Viewport Phone = new("phone", 390, 844);
    public static readonly Viewport SmallPhone = new("small-phone", 320, 640);
    public static readonly Viewport Desktop = new("desktop", 1280, 800);

    public bool IsPhone => Width < 600;

    public override string ToString() => Name;
}

public enum Input
{
    Mouse,
    Keyboard,
}

/// <summary>Where Chromium is, and whether browser tests may skip: never when CI=true.</summary>
public static class BrowserEnvironment
{
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public static bool IsCi { get; } = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? SkipReason { get; } = File.Exists(ChromiumPath) || IsCi
        ? null
        : $"BROWSER TESTS SKIPPED: no Chromium at {ChromiumPath} (apt-get install chromium, or set CHROMIUM_PATH). They never skip when CI=true.";
}

/// <summary>A browser test: skipped loudly on a machine without Chromium, never skipped in CI.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        Skip = BrowserEnvironment.SkipReason;
    }
}

/// <inheritdoc cref="BrowserTheoryAttribute"/>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = BrowserEnvironment.SkipReason;
    }
}

[CollectionDefinition("Browser")]
public sealed class BrowserCollectionDefinition : ICollectionFixture<BrowserHost>;
