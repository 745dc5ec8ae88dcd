using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Chat;

/// <summary>Shout-outs posted to a program's Slack or Teams channel: the services, and a stand-in channel in development.</summary>
public static class ChatSetup
{
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ChatDispatcher>();
        builder.Services.AddSingleton<ChatWebhooks>();
        builder.Services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ChatOptions>, ChatOptions.Validator>();
        builder.Services.AddSingleton<ChatNameResolver>();
        builder.Services.AddSingleton<WebhookConnector>();
        // The Slack app: its settings (off until the three secrets are set), its Web API client and the outbox of calls.
        builder.Services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section);
        builder.Services.AddScoped<ChatAppStore>();
        builder.Services.AddSingleton<SlackClient>();
        builder.Services.AddScoped<ChatCalls>();
        builder.Services.AddHttpClient(SlackClient.HttpClientName)
            .ConfigureHttpClient((services, c) => c.Timeout = TimeSpan.FromSeconds(Math.Clamp(services.GetRequiredService<IOptions<SlackOptions>>().Value.TimeoutSeconds, 1, 60)))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        // Webhooks go only to checked public addresses (the connector), never through a proxy (which would connect on
        // our behalf, unchecked), and a redirect is an answer, not an instruction: a 307 would re-post the body elsewhere.
        builder.Services.AddHttpClient(ChatDispatcher.HttpClientName)
            .ConfigureHttpClient((services, c) => c.Timeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<ChatOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = services.GetRequiredService<WebhookConnector>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        return builder;
    }

    public static WebApplication MapDevelopmentChat(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            // A stand-in for a Slack or Teams incoming webhook, so the demo's shout-outs reach "the chat" without the
            // internet: each post is written to the log, at Debug since it names people (appsettings.Development.json
            // turns this category's Debug on).
            app.MapPost(ChatWebhooks.DevelopmentPath, async (HttpRequest request, ILoggerFactory loggers) =>
            {
                using var reader = new StreamReader(request.Body);
                loggers.CreateLogger("Allyship.DevelopmentChat").LogDebug("Chat post received: {Body}", await reader.ReadToEndAsync());
                return Results.Ok();
            }).AllowAnonymous().DisableAntiforgery();
        }

        return app;
    }
}
