using System.Security.Claims;

namespace Allyship.Web.Infrastructure.Accounts;

/// <summary>Settings under "Authentication": single sign-on with the company's OpenID Connect provider, and passwords.</summary>
public sealed class AuthenticationSettings
{
    public const string Scheme = "oidc";
    public const string CallbackPath = "/signin-oidc";

    /// <summary>Passwords for everyone (true, the default), or only for the break-glass accounts made by `create-admin`.</summary>
    public bool PasswordSignIn { get; init; } = true;

    public OidcSettings? Oidc { get; init; }

    public bool SsoEnabled => Oidc is not null;

    public static AuthenticationSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Authentication");
        var passwords = section.GetValue("PasswordSignIn", true);
        var oidc = section.GetSection("Oidc");
        if (string.IsNullOrWhiteSpace(oidc["Authority"]))
        {
            return passwords
                ? new AuthenticationSettings { PasswordSignIn = true }
                : throw new StartupException("Authentication:PasswordSignIn is off but single sign-on is not set up (Authentication:Oidc:Authority): nobody but the break-glass admins could sign in.");
        }

        if (!Uri.TryCreate(oidc["Authority"], UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback))
        {
            throw new StartupException($"Authentication:Oidc:Authority must be the provider's https address, like https://login.microsoftonline.com/<tenant>/v2.0; it is \"{oidc["Authority"]}\".");
        }

        if (string.IsNullOrWhiteSpace(oidc["ClientId"]))
        {
            throw new StartupException("Authentication:Oidc:ClientId is required with Authentication:Oidc:Authority: the application (client) id the provider gave this app.");
        }

        return new AuthenticationSettings
        {
            PasswordSignIn = passwords,
            Oidc = new OidcSettings
            {
                Authority = authority.ToString().TrimEnd('/'),
                ClientId = oidc["ClientId"]!,
                ClientSecret = string.IsNullOrWhiteSpace(oidc["ClientSecret"]) ? null : oidc["ClientSecret"],
                DisplayName = string.IsNullOrWhiteSpace(oidc["DisplayName"]) ? "your company account" : oidc["DisplayName"]!,
                TrustedEmailClaim = string.IsNullOrWhiteSpace(oidc["TrustedEmailClaim"]) ? null : oidc["TrustedEmailClaim"],
                AutoProvisionDomains = (oidc["AutoProvisionDomains"] ?? "")
                    .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(d => d.TrimStart('@').ToLowerInvariant()).ToList(),
            },
        };
    }
}

public sealed class OidcSettings
{
    public required string Authority { get; init; }
    public required string ClientId { get; init; }
    public string? ClientSecret { get; init; }

    /// <summary>What the button says after "Sign in with": the company's name for its sign-in.</summary>
    public required string DisplayName { get; init; }

    /// <summary>A claim whose value is an email the provider vouches for (Entra ID: preferred_username), instead of email + email_verified.</summary>
    public string? TrustedEmailClaim { get; init; }

    /// <summary>Email domains whose people get a Mentor account at their first single sign-on, without an invitation.</summary>
    public IReadOnlyList<string> AutoProvisionDomains { get; init; } = [];

    /// <summary>The email the provider vouches for, or null: `email` only with `email_verified` true, or the trusted claim.</summary>
    public string? VerifiedEmail(ClaimsPrincipal principal)
    {
        var email = TrustedEmailClaim is { } trusted
            ? principal.FindFirstValue(trusted)
            : principal.FindFirstValue("email") is { } e && string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase) ? e : null;
        return string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
    }

    public bool MayProvision(string email) =>
        AutoProvisionDomains.Contains(email[(email.LastIndexOf('@') + 1)..], StringComparer.OrdinalIgnoreCase);

    /// <summary>The provider says the person used a second factor (`amr` contains `mfa`): our own is not asked for again.</summary>
    public static bool AssertsMultiFactor(ClaimsPrincipal principal) =>
        principal.FindAll(Sessions.AuthenticationMethods).Any(c => c.Value == Sessions.MultiFactor
            || (c.Value.StartsWith('[') && c.Value.Contains("\"mfa\"", StringComparison.Ordinal)));
}
