using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>
/// The SCIM 2.0 service provider at <c>/scim/v2</c>: authenticated by a provisioning token (never a cookie), limited per
/// token, every answer and every error in SCIM's own JSON.
/// </summary>
public static class ScimEndpoints
{
    public const string Root = "/scim/v2";
    public const string RateLimitPolicy = "provisioning";

    public static WebApplicationBuilder AddProvisioning(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProvisioningOptions>().BindConfiguration(ProvisioningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ScimUsers.Handler>();
        services.AddScoped<ScimGroups.Handler>();
        services.AddScoped<GroupEnrolments>();
        services.AddScoped<People.IAccountOpened>(sp => sp.GetRequiredService<GroupEnrolments>());
        services.AddScoped<ProvisioningTokens.Handler>();
        services.AddScoped<GroupMapping.Handler>();
        var perMinute = builder.Configuration.GetValue($"{ProvisioningOptions.Section}:{nameof(ProvisioningOptions.RequestsPerMinute)}", new ProvisioningOptions().RequestsPerMinute);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(RateLimitPolicy, new PerToken(Math.Max(1, perMinute))));
        return builder;
    }

    public static WebApplication MapScim(this WebApplication app)
    {
        var scim = app.MapGroup(Root).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimitPolicy).AddEndpointFilter(CountAsync).AddEndpointFilter(AuthenticateAsync);
        scim.MapGet("/ServiceProviderConfig", (HttpContext http, IOptions<ProvisioningOptions> options) => Scim.Resource(ServiceProviderConfig(BaseUrl(http.Request), options.Value)));
        scim.MapGet("/ResourceTypes", (HttpContext http) => Scim.Resource(ScimUsers.Handler.ListResponse(ScimDiscovery.ResourceTypes(BaseUrl(http.Request)), 2, 1)));
        scim.MapGet("/ResourceTypes/{name}", (string name, HttpContext http) =>
            ScimDiscovery.ResourceTypes(BaseUrl(http.Request)).FirstOrDefault(r => string.Equals(r["id"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)) is { } found
                ? Scim.Resource(found) : throw Scim.NotFound($"Resource type {name}"));
        scim.MapGet("/Schemas", (HttpContext http, IOptions<ProvisioningOptions> options) =>
        {
            var schemas = ScimDiscovery.Schemas(BaseUrl(http.Request), options.Value);
            return Scim.Resource(ScimUsers.Handler.ListResponse(schemas, schemas.Count, 1));
        });
        scim.MapGet("/Schemas/{id}", (string id, HttpContext http, IOptions<ProvisioningOptions> options) =>
            ScimDiscovery.Schemas(BaseUrl(http.Request), options.Value).FirstOrDefault(s => string.Equals(s["id"]!.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase)) is { } found
                ? Scim.Resource(found) : throw Scim.NotFound($"Schema {id}"));

        scim.MapGet("/Users", async (HttpContext http, ScimUsers.Handler users, CancellationToken ct) =>
            Scim.Resource(await users.ListAsync(http.Request.Query["filter"], Number(http, "startIndex"), Number(http, "count"), BaseUrl(http.Request), ct)));
        scim.MapGet("/Users/{id}", async (string id, HttpContext http, ScimUsers.Handler users, CancellationToken ct) =>
            Scim.Read(http.Request, await users.GetAsync(id, BaseUrl(http.Request), ct)));
        scim.MapPost("/Users", async (HttpContext http, ScimUsers.Handler users, IOptions<ProvisioningOptions> options, CancellationToken ct) =>
        {
            var created = await users.CreateAsync(http.User, await Scim.ReadBodyAsync(http.Request, options.Value.MaxPayloadBytes, ct), BaseUrl(http.Request), ct);
            return Scim.Resource(created, StatusCodes.Status201Created, created["meta"]!["location"]!.GetValue<string>());
        });
        scim.MapPut("/Users/{id}", async (string id, HttpContext http, ScimUsers.Handler users, IOptions<ProvisioningOptions> options, CancellationToken ct) =>
            Scim.Resource(await users.ReplaceAsync(http.User, id, await Scim.ReadBodyAsync(http.Request, options.Value.MaxPayloadBytes, ct), http.Request, BaseUrl(http.Request), ct)));
        scim.MapPatch("/Users/{id}", async (string id, HttpContext http, ScimUsers.Handler users, IOptions<ProvisioningOptions> options, CancellationToken ct) =>
            Scim.Resource(await users.PatchAsync(http.User, id, await Scim.ReadBodyAsync(http.Request, options.Value.MaxPayloadBytes, ct), http.Request, BaseUrl(http.Request), ct)));
        scim.MapDelete("/Users/{id}", async (string id, HttpContext http, ScimUsers.Handler users, CancellationToken ct) =>
        {
            await users.DeleteAsync(http.User, id, http.Request, ct);
            return Results.NoContent();
        });

        scim.MapGet("/Groups", async (HttpContext http, ScimGroups.Handler groups, CancellationToken ct) =>
            Scim.Resource(await groups.ListAsync(http.Request.Query["filter"], Number(http, "startIndex"), Number(http, "count"), WithMembers(http), BaseUrl(http.Request), ct)));
        scim.MapGet("/Groups/{id}", async (string id, HttpContext http, ScimGroups.Handler groups, CancellationToken ct) =>
            Scim.Read(http.Request, await groups.GetAsync(id, WithMembers(http), BaseUrl(http.Request), ct)));
        scim.MapPost("/Groups", async (HttpContext http, ScimGroups.Handler groups, IOptions<ProvisioningOptions> options, CancellationToken ct) =>
        {
            var body = await Scim.ReadBodyAsync(http.Request, options.Value.MaxPayloadBytes, ct);
            groups.CheckSize(body);
            var created = await groups.CreateAsync(http.User, body, BaseUrl(http.Request), ct);
            return Scim.Resource(created, StatusCodes.Status201Created, created["meta"]!["location"]!.GetValue<string>());
        });
        scim.MapPut("/Groups/{id}", async (string id, HttpContext http, ScimGroups.Handler groups, IOptions<ProvisioningOptions> options, CancellationToken ct) =>
        {
            var body = await Scim.ReadBodyAsync(http.Request, options.Value.MaxPayloadBytes, ct);
            groups.CheckSize(body);
            return Scim.Resource(await groups.ReplaceAsync(http.User, id, body, http.Request, BaseUrl(http.Request), ct));
        });
        scim.MapPatch("/Groups/{id}", async (string id, HttpContext http, ScimGroups.Handler groups, IOptions<ProvisioningOptions> options, CancellationToken ct) =>
        {
            var body = await Scim.ReadBodyAsync(http.Request, options.Value.MaxPayloadBytes, ct);
            groups.CheckSize(body);
            return Scim.Resource(await groups.PatchAsync(http.User, id, body, http.Request, BaseUrl(http.Request), ct));
        });
        scim.MapDelete("/Groups/{id}", async (string id, HttpContext http, ScimGroups.Handler groups, CancellationToken ct) =>
        {
            await groups.DeleteAsync(http.User, id, http.Request, ct);
            return Results.NoContent();
        });

        // Anything else under /scim/v2 (Bulk, /Me, a typo) is a SCIM 404, not the app's error page.
        scim.Map("/{**rest}", (string? rest) => Scim.Problem(new ScimException(StatusCodes.Status404NotFound, $"/{rest} is not an endpoint of this service.")));
        return app;
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{Root}";

    private static bool WithMembers(HttpContext http) =>
        !http.Request.Query["excludedAttributes"].ToString().Split(',').Any(a => string.Equals(a.Trim(), "members", StringComparison.OrdinalIgnoreCase));

    private static int? Number(HttpContext http, string name) =>
        http.Request.Query[name].ToString() is { Length: > 0 } raw
            ? int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw Scim.BadRequest($"{name} must be a whole number.")
            : null;

    /// <summary>Every SCIM request in the SCIM instrument, once answered: its method, its resource and its status.</summary>
    private static ValueTask<object?> CountAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var path = http.Request.Path.Value ?? "";
        var resource = path.Contains("/Users", StringComparison.OrdinalIgnoreCase) ? "Users"
            : path.Contains("/Groups", StringComparison.OrdinalIgnoreCase) ? "Groups" : "other";
        var metrics = http.RequestServices.GetRequiredService<Infrastructure.Telemetry.AllyshipMetrics>();
        http.Response.OnCompleted(() =>
        {
            metrics.ScimRequest(http.Request.Method, resource, http.Response.StatusCode);
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>Every SCIM request: a usable provisioning token or 401; SCIM errors thrown below become SCIM error bodies.</summary>
    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            var tokens = http.RequestServices.GetRequiredService<ProvisioningTokens.Handler>();
            if (ProvisioningTokens.BearerOf(http.Request) is not { } bearer || await tokens.FindAsync(bearer, http.RequestAborted) is not { } token)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"Allyship provisioning\"";
                return Scim.Problem(new ScimException(StatusCodes.Status401Unauthorized, "Send a provisioning token (Authorization: Bearer …) that an admin created on the Provisioning page and has not revoked."));
            }

            http.User = ProvisioningTokens.Principal(token);
            return await next(context);
        }
        catch (ScimException error)
        {
            return Scim.Problem(error);
        }
    }

    private static JsonObject ServiceProviderConfig(string baseUrl, ProvisioningOptions options) => new()
    {
        ["schemas"] = new JsonArray(Scim.ConfigSchema),
        ["documentationUri"] = "https://datatracker.ietf.org/doc/html/rfc7644",
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = options.MaxResults },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = true },
        ["maxPayloadSize"] = options.MaxPayloadBytes,
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken", ["name"] = "Provisioning token", ["primary"] = true,
            ["description"] = "A token an admin creates on the Provisioning page, sent as Authorization: Bearer <token>.",
        }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = $"{baseUrl}/ServiceProviderConfig" },
    };

    /// <summary>Requests per token per minute; requests without a token share one partition.</summary>
    private sealed class PerToken(int perMinute) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, ct) =>
        {
            context.HttpContext.RequestServices.GetRequiredService<Infrastructure.Telemetry.AllyshipMetrics>().RateLimited(RateLimitPolicy);
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Scim.Problem(new ScimException(StatusCodes.Status429TooManyRequests, $"More than {perMinute} requests a minute with this token: wait and retry.")).ExecuteAsync(context.HttpContext);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(ProvisioningTokens.BearerOf(httpContext.Request) is { } bearer ? ProvisioningTokens.Hash(bearer) : "none",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}
