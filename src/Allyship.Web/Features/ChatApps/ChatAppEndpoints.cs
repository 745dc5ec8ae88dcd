using System.Text;
using System.Text.Json.Nodes;
using Allyship.Web.Features.Chat;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.ChatApps;

/// <summary>
/// Where Slack and Teams reach the app. Every request is checked before anything is read from it: Slack's by its
/// signing secret and timestamp, Teams' by the HMAC of its body; a forged or stale one is a 401 and changes nothing.
/// </summary>
public static class ChatAppEndpoints
{
    public const string SlackCommands = "/slack/commands";
    public const string SlackInteractivity = "/slack/interactivity";
    public const string SlackOptionsPath = "/slack/options";
    public const string TeamsMessages = "/teams/messages";

    /// <summary>Slack's and Teams' requests are small; more than this is not theirs.</summary>
    private const int MaxBodyBytes = 256 * 1024;

    public static WebApplicationBuilder AddChatApps(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SlackInteractions>();
        builder.Services.AddScoped<TeamsCommand>();
        builder.Services.AddScoped<ChatAppSetup>();
        return builder;
    }

    public static WebApplication MapChatApps(this WebApplication app)
    {
        var slack = app.MapGroup("/slack").AllowAnonymous().DisableAntiforgery();
        slack.MapPost("/commands", async (HttpContext http, SlackInteractions slackApp, CancellationToken ct) =>
            await SlackAsync(http, async form => Json(await slackApp.CommandAsync(form, ct))));
        slack.MapPost("/interactivity", async (HttpContext http, SlackInteractions slackApp, CancellationToken ct) =>
            await SlackAsync(http, async form => Json(Payload(form) is { } payload ? await slackApp.InteractAsync(payload, ct) : null)));
        slack.MapPost("/options", async (HttpContext http, SlackInteractions slackApp, CancellationToken ct) =>
            await SlackAsync(http, async form => Json(Payload(form) is { } payload ? await slackApp.OptionsAsync(payload, ct) : new JsonObject { ["options"] = new JsonArray() })));

        app.MapGet("/slack/install", (HttpContext http, ChatAppSetup setup, IOptions<SlackOptions> options) =>
            options.Value.Configured ? Results.Redirect(setup.InstallUrl(http.User)) : Results.Redirect("/admin/integrations"))
            .RequireAuthorization(Policies.ProgramAdmin);
        app.MapGet(ChatAppSetup.CallbackPath, async (HttpContext http, ChatAppSetup setup, ITempDataDictionaryFactory tempData, CancellationToken ct) =>
        {
            var query = http.Request.Query;
            var problem = await setup.CompleteInstallAsync(http.User, query["code"], query["state"], query["error"], ct);
            if (problem is not null)
            {
                // The reason, for the page it lands on (its Message), as a page's TempData would carry it.
                var data = tempData.GetTempData(http);
                data[nameof(IntegrationsModel.Message)] = problem;
                data.Save();
            }

            return Results.Redirect(problem is null ? "/admin/integrations?slack=installed" : "/admin/integrations?slack=refused");
        }).RequireAuthorization(Policies.ProgramAdmin);

        app.MapPost(TeamsMessages, async (HttpContext http, ChatAppStore store, TeamsCommand teams, CancellationToken ct) =>
        {
            var body = await ReadAsync(http.Request, ct);
            if (body is null || !ChatAppSignatures.IsTeamsRequest(await store.TeamsKeyAsync(ct), http.Request.Headers.Authorization, body))
            {
                return Results.Unauthorized();
            }

            return JsonNode.Parse(body) is JsonObject activity ? Json(await teams.HandleAsync(activity, ct)) : Results.BadRequest();
        }).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> SlackAsync(HttpContext http, Func<IReadOnlyDictionary<string, string>, Task<IResult>> answer)
    {
        var secret = http.RequestServices.GetRequiredService<IOptions<SlackOptions>>().Value.SigningSecret;
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var body = await ReadAsync(http.Request, http.RequestAborted);
        if (body is null || !ChatAppSignatures.IsSlackRequest(secret, http.Request.Headers["X-Slack-Request-Timestamp"], http.Request.Headers["X-Slack-Signature"],
                body, clock.GetUtcNow()))
        {
            return Results.Unauthorized();
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        return await answer(form);
    }

    private static JsonObject? Payload(IReadOnlyDictionary<string, string> form)
    {
        try
        {
            return form.TryGetValue("payload", out var json) ? JsonNode.Parse(json) as JsonObject : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static IResult Json(JsonObject? answer) =>
        answer is null ? Results.Ok() : Results.Text(answer.ToJsonString(), "application/json", Encoding.UTF8);

    /// <summary>The raw body, as signed; null when larger than any chat sends.</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
