using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Features.Actions;
using Allyship.Web.Features.Chat;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.ChatApps;

/// <summary>
/// "@Allyship coffee with Dana 30", "@Allyship shoutout Chen for the launch", "@Allyship sponsor Dana to Helen for the
/// launch": a Teams outgoing-webhook message, logged through the web form's command and answered at once (Teams waits 5
/// seconds) with a card saying what was logged or what is missing. The message's id is its submission id: Teams sending
/// it again logs nothing more.
/// </summary>
public sealed partial class TeamsCommand(AllyshipDbContext db, ChatAppStore store, ChatAppSetup setup, MentorPrograms programs, ProgramCalendar calendar,
    LogAction.Handler log, IOptions<AppOptions> app, OfferedLanguages languages)
{
    public const string Help = "Write “coffee with Dana 30”, “shoutout Chen for the launch” or “sponsor Dana to Helen for the launch”.";

    public async Task<JsonObject> HandleAsync(JsonObject activity, CancellationToken ct)
    {
        var from = activity["from"];
        var person = from?["aadObjectId"]?.GetValue<string>() ?? from?["id"]?.GetValue<string>() ?? "";
        var text = Plain(activity["text"]?.GetValue<string>());
        // Answered in the language of the Allyship account this Teams account is connected to (the program's until then).
        var connected = await store.UserOfAsync(ChatApp.Teams, ChatAppInstallation.TeamsWebhook, person, ct);
        using var inTheirLanguage = Cultures.Use(languages.For(connected is null ? null
            : await db.Users.Where(u => u.Id == connected).Select(u => u.Language).SingleOrDefaultAsync(ct)));
        if (ConnectCode().Match(text) is { Success: true } connect)
        {
            // The code came from the person who took it on Allyship: the account sending it becomes hers. Seen in the
            // channel only after it was used, so nobody else can send it first.
            return await setup.RedeemAsync(ChatApp.Teams, ChatAppInstallation.TeamsWebhook, person, connect.Groups["code"].Value, ct) is { } refused
                ? Card(W("Not connected"), refused)
                : Card(W("Connected"), W("Your Teams account is connected to Allyship: what you log here counts on your week."));
        }

        if (connected is not { } mentorId)
        {
            return Card(W("Connect your Teams account first"),
                W("On Allyship, open [Chat accounts]({0}) and take a code for Teams, then send “@Allyship connect” with the code here (once).", app.Value.Link("/chat/accounts")),
                markdown: true);
        }

        if (Parse(text) is not { } parsed)
        {
            return Card(W("What did you do?"), W(Help));
        }

        var mine = await programs.ListAsync(mentorId, ct);
        if (MentorPrograms.Choose(mine, null) is not { } program)
        {
            return Card(W("Nothing to log"), W("You are not enrolled in a program yet: ask your program admin."));
        }

        var (colleague, problem) = await FindAsync(parsed.Colleague, ct);
        // The channel reads the answer: it names nobody the mentor did not name, and lists no one from the directory.
        if (colleague is null)
        {
            return Card(W("Who was it?"), problem!);
        }

        var input = new ActionInput
        {
            Kind = parsed.Kind.Slug(), ProgramId = program.Id, ColleagueId = colleague.Id, OccurredOn = calendar.Today(program.TimeZoneId),
            Minutes = parsed.Minutes, SubmissionId = SubmissionOf(activity["id"]?.GetValue<string>() ?? text),
            Achievement = parsed.Kind == ActionKind.ShoutOut ? parsed.Detail : null,
            WhereGiven = parsed.Kind == ActionKind.ShoutOut ? "Microsoft Teams" : null,
            SeniorLeader = parsed.Kind == ActionKind.SponsorNote ? parsed.Leader : null,
            Accomplishment = parsed.Kind == ActionKind.SponsorNote ? parsed.Detail : null,
        };
        var result = await log.HandleAsync(new LogAction.Command(mentorId, input), ct);
        if (!result.Succeeded)
        {
            return Card(W("Not logged yet"), string.Join(" ", result.Errors.Select(e => W(e.Message))));
        }

        var progress = await WeekProgress.OfMentorAsync(db, mentorId, program.Id, calendar.CurrentWeek(program.TimeZoneId), program.Targets, ct);
        // A shout-out is public by nature; a coffee and a sponsor note are not the channel's business, so their answer names nobody.
        var logged = parsed.Kind switch
        {
            ActionKind.ShoutOut => W("{0} is logged.", parsed.Kind.Title(colleague.Name)),
            ActionKind.Coffee => W("Your coffee is logged."),
            _ => W("Your sponsor note is logged."),
        };
        return Card(W("Logged"), $"{logged} {W("{0} this week.", progress.MinutesSentence)}");
    }

    public sealed record Parsed(ActionKind Kind, string Colleague, int? Minutes, string? Detail, string? Leader);

    /// <summary>The message's words as a log: kind, colleague, and the kind's details; null when it is none of the three forms.</summary>
    public static Parsed? Parse(string text)
    {
        if (Coffee().Match(text) is { Success: true } c)
        {
            return new(ActionKind.Coffee, c.Groups["who"].Value.Trim(),
                c.Groups["min"].Success ? int.Parse(c.Groups["min"].Value, CultureInfo.InvariantCulture) : null, null, null);
        }

        if (ShoutOut().Match(text) is { Success: true } s)
        {
            return new(ActionKind.ShoutOut, s.Groups["who"].Value.Trim(), null, s.Groups["what"].Success ? s.Groups["what"].Value.Trim() : null, null);
        }

        if (Sponsor().Match(text) is { Success: true } n)
        {
            return new(ActionKind.SponsorNote, n.Groups["who"].Value.Trim(), null, n.Groups["what"].Success ? n.Groups["what"].Value.Trim() : null,
                n.Groups["leader"].Value.Trim());
        }

        return null;
    }

    [GeneratedRegex(@"^connect\s+(?<code>[A-Za-z0-9]{4}-?[A-Za-z0-9]{4})$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex ConnectCode();

    [GeneratedRegex(@"^coffee\s+(with\s+)?(?<who>.+?)(\s+(?<min>\d{1,3})(\s*(min|mins|minutes))?)?$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Coffee();

    [GeneratedRegex(@"^shout[\s-]?out\s+(for\s+)?(?<who>.+?)(\s+for\s+(?<what>.+))?$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex ShoutOut();

    [GeneratedRegex(@"^sponsor(\s*note)?\s+(for\s+)?(?<who>.+?)\s+to\s+(?<leader>.+?)(\s+(for|about)\s+(?<what>.+))?$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Sponsor();

    /// <summary>The one colleague a typed name means: an exact name, else the only match; else a sentence saying who matched.</summary>
    private async Task<(ColleagueOption? Found, string? Problem)> FindAsync(string name, CancellationToken ct)
    {
        var matches = await programs.SearchAsync(name, ct);
        var exact = matches.Where(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count == 1 || (exact.Count == 0 && matches.Count == 1))
        {
            return (exact.Count == 1 ? exact[0] : matches[0], null);
        }

        return matches.Count == 0
            ? (null, W("Nobody in the directory matches “{0}”. Check the name, or log it on Allyship's web page to add someone new.", name))
            : (null, W("More than one person in the directory matches “{0}”: write her full name as the directory has it, or log it on Allyship's web page.", name));
    }

    /// <summary>The message as typed: the mention of the app, tags and entities taken out.</summary>
    public static string Plain(string? text)
    {
        var plain = Regex.Replace(text ?? "", "<at>.*?</at>", "", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        plain = Regex.Replace(plain, "<[^>]+>", " ", RegexOptions.None, TimeSpan.FromSeconds(1));
        return Regex.Replace(System.Net.WebUtility.HtmlDecode(plain), "\\s+", " ", RegexOptions.None, TimeSpan.FromSeconds(1)).Trim();
    }

    private static Guid SubmissionOf(string messageId) => new(SHA256.HashData(Encoding.UTF8.GetBytes("teams:" + messageId)).AsSpan(0, 16));

    /// <summary>
    /// The answer Teams shows under the message: an Adaptive Card with a title and a line, escaped as every Teams text
    /// (<see cref="ChatText.ForTeams"/>) unless it is our own Markdown (the link to connect); the message's plain text says the same.
    /// </summary>
    private static JsonObject Card(string title, string text, bool markdown = false) => new()
    {
        ["type"] = "message",
        ["text"] = $"{title}: {text}",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = new JsonObject
            {
                ["type"] = "AdaptiveCard", ["version"] = "1.4",
                ["body"] = new JsonArray(
                    new JsonObject { ["type"] = "TextBlock", ["text"] = ChatText.ForTeams(title), ["weight"] = "Bolder", ["wrap"] = true },
                    new JsonObject { ["type"] = "TextBlock", ["text"] = markdown ? text : ChatText.ForTeams(text), ["wrap"] = true }),
            },
        }),
    };

    private static string W(string text) => Text.Words[text];

    private static string W(string format, params object[] args) => Text.Words[format, args];
}
