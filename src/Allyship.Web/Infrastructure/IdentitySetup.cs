using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Infrastructure;

public static class Policies
{
    public const string ProgramAdmin = "ProgramAdmin";
    public const string Mentor = "Mentor";
    public const string HR = "HR";
    public const string Operator = "Operator";
}

public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 256;
    public const string LengthMessage = "Use at least 12 characters (up to 256); a few unrelated words make a good one.";

    /// <summary>The hint under every new-password field (invitation, set, reset, change).</summary>
    public const string Help = "At least 12 characters; no rules about symbols or digits, but not one leaked from other sites, built from your email or this app's name, or a pattern like 1234.";
}

public static class IdentitySetup
{
    public static WebApplicationBuilder AddAllyshipIdentity(this WebApplicationBuilder builder)
    {
        var security = SecurityOptions.From(builder.Configuration);
        var authentication = AuthenticationSettings.From(builder.Configuration);
        builder.Services.AddSingleton(security);
        builder.Services.AddSingleton(authentication);
        builder.Services
            .AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // "Confirmed" means "not deactivated" here (ActiveAccounts): Identity then refuses every kind of sign-in to it.
                options.SignIn.RequireConfirmedAccount = true;
                // Length, no composition rules, and screened against what attackers try first (PasswordScreenValidator).
                options.Password.RequiredLength = PasswordRules.MinLength;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                // Authenticator codes are accepted once (ADR 12): ASP.NET Core's own provider takes a code again within its window.
                options.Tokens.AuthenticatorTokenProvider = OnceOnlyAuthenticatorTokenProvider.Name;
            })
            .AddEntityFrameworkStores<AllyshipDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OnceOnlyAuthenticatorTokenProvider>(OnceOnlyAuthenticatorTokenProvider.Name)
            .AddPasswordValidator<PasswordScreenValidator>();
        builder.Services.AddScoped<IUserConfirmation<AppUser>, ActiveAccounts>();

        // A cookie's security stamp is checked against the database at most a minute apart: signing out, a password or
        // two-factor change, a role lost (all renew the stamp) end the account's other sessions within a minute, on every
        // instance. The check rebuilds the principal; how the person signed in (a second factor) is carried over.
        builder.Services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = Sessions.KeepAuthenticationMethods;
        });

        // Set-password links (from create-admin and, later, invitations) stay valid for a week.
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(7));

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "allyship.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            Sessions.Configure(options, security);
            // Her saved language follows her from sign-in on (the culture cookie), whatever the browser asks for.
            options.Events.OnSignedIn = async context =>
            {
                var userId = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
                var db = context.HttpContext.RequestServices.GetRequiredService<Data.AllyshipDbContext>();
                if (userId is not null && await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Language).FirstOrDefaultAsync() is { } language)
                {
                    Localisation.LocalisationSetup.RememberLanguage(context.Response, language);
                }
            };
            // A signed-in user without the role gets a real 403 (rendered by the error page), not a redirect.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        builder.Services.ConfigureExternalCookie(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        if (authentication.Oidc is { } oidc)
        {
            builder.Services.AddAuthentication().AddOpenIdConnect(AuthenticationSettings.Scheme, oidc.DisplayName, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code"; // authorization code flow, with PKCE
                o.UsePkce = true;
                o.ResponseMode = "query";
                o.CallbackPath = AuthenticationSettings.CallbackPath;
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.Scope.Add("email");
                o.MapInboundClaims = false; // keep the provider's claim names: email, email_verified, amr
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.RequireHttpsMetadata = new Uri(oidc.Authority).Scheme == Uri.UriSchemeHttps;
                // The answer comes back as a top-level GET (response_mode=query): Lax cookies are enough, and they work on
                // http://localhost while trying it out.
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events.OnRemoteFailure = context =>
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Allyship.SingleSignOn")
                        .LogWarning(context.Failure, "Single sign-on answer refused: {Reason}", context.Failure?.Message);
                    context.Response.Redirect("/account/sign-in?sso=failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.ProgramAdmin, p => p.RequireRole(Roles.ProgramAdmin))
            .AddPolicy(Policies.Mentor, p => p.RequireRole(Roles.Mentor))
            .AddPolicy(Policies.HR, p => p.RequireRole(Roles.HR))
            .AddPolicy(Policies.Operator, p => p.RequireRole(Roles.Operator));

        return builder;
    }
}
