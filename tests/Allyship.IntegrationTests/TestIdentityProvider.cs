using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Allyship.IntegrationTests;

/// <summary>
/// A real OpenID Connect provider (OpenIddict), in process at https://idp.test: discovery, authorization (code + PKCE),
/// token and JWKS endpoints, signed id_tokens. It signs in whoever the test puts in <see cref="NextPerson"/>, as a
/// company's identity provider would after its own login page. Its clock can be moved to expire a code.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string Authority = "https://idp.test";
    public const string ClientId = "allyship-tests";
    public const string ClientSecret = "a-client-secret-for-tests-only";
    public const string RedirectUri = "http://localhost/signin-oidc";

    private readonly WebApplication _app;

    public sealed record Person(string Subject, string Email, bool EmailVerified = true, string Name = "Someone", bool UsedMfa = false);

    /// <summary>Who signs in at the provider next (null: the provider refuses, as if the person cancelled).</summary>
    public Person? NextPerson { get; set; }

    /// <summary>Puts a wrong nonce in the next id_token, as a replayed or substituted token would carry.</summary>
    public bool TamperNonce { get; set; }

    public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public TestIdentityProvider(ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer(o => o.BaseAddress = new Uri(Authority + "/"));
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetJsonWebKeySetEndpointUris(".well-known/jwks");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.AddEphemeralSigningKey().AddEphemeralEncryptionKey().DisableAccessTokenEncryption();
            options.EnableDegradedMode(); // no client or token database: the handlers below check the one client
            options.DisableScopeValidation();
            options.Configure(o => o.TimeProvider = Clock);
            options.UseAspNetCore();

            options.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                }
                else if (context.RedirectUri != RedirectUri)
                {
                    context.Reject(Errors.InvalidRequest, "That redirect_uri is not registered.");
                }

                return default;
            }));
            options.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                }

                return default;
            }));
            options.AddEventHandler<HandleAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (NextPerson is not { } person)
                {
                    context.Reject(Errors.AccessDenied, "The person did not sign in.");
                    return default;
                }

                var identity = new ClaimsIdentity("idp", Claims.Name, Claims.Role);
                identity.AddClaim(new Claim(Claims.Subject, person.Subject));
                identity.AddClaim(new Claim(Claims.Email, person.Email));
                identity.AddClaim(new Claim(Claims.EmailVerified, person.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
                identity.AddClaim(new Claim(Claims.Name, person.Name));
                identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, "pwd"));
                if (person.UsedMfa)
                {
                    identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, "mfa"));
                }

                var principal = new ClaimsPrincipal(identity);
                principal.SetScopes(context.Request.GetScopes());
                principal.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
                context.Principal = principal;
                return default;
            }));
            options.AddEventHandler<ProcessSignInContext>(b => b
                .UseInlineHandler(context =>
                {
                    if (TamperNonce && context.IdentityTokenPrincipal is { } principal)
                    {
                        principal.SetClaim(Claims.Nonce, "not-the-nonce-this-browser-sent");
                    }

                    return default;
                })
                .SetOrder(OpenIddictServerHandlers.GenerateIdentityToken.Descriptor.Order - 1));
        });

        _app = builder.Build();
        _app.StartAsync().GetAwaiter().GetResult();
        Server = _app.GetTestServer();
    }

    public TestServer Server { get; }

    /// <summary>The app's back channel to the provider (discovery, JWKS, token), over the in-process server.</summary>
    public HttpMessageHandler BackChannel() => Server.CreateHandler();

    /// <summary>The browser at the provider: answers the authorization request with a redirect back to the app.</summary>
    public HttpClient Browser() => Server.CreateClient();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
