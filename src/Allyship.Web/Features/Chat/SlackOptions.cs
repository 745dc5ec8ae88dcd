namespace Allyship.Web.Features.Chat;

/// <summary>
/// Settings under "Slack": the Slack app this installation uses (one per installation, created from the manifest in
/// docs/integrations.md). Without the three secrets the Slack features are off and the Integrations page says how to
/// turn them on. The base addresses are Slack's own; tests point them at a local fake.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>`Slack:ClientId`, from the app's Basic Information page.</summary>
    public string? ClientId { get; set; }

    /// <summary>`Slack:ClientSecret`.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>`Slack:SigningSecret`: every request from Slack is checked with it.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>`Slack:ApiBaseUrl`: where the Web API is.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>`Slack:AuthorizeUrl`: where an admin is sent to install the app (OAuth v2).</summary>
    public string AuthorizeUrl { get; set; } = "https://slack.com/oauth/v2/authorize";

    /// <summary>`Slack:TimeoutSeconds`: how long a call waits for Slack's answer.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    public bool Configured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret) && !string.IsNullOrWhiteSpace(SigningSecret);

    /// <summary>The bot's scopes the install asks for; the manifest in docs/integrations.md lists the same.</summary>
    public const string BotScopes = "commands,chat:write,im:write,users:read,users:read.email";

    public Uri Api(string method) => new(new Uri(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/"), method);
}
