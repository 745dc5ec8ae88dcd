using System.Globalization;
using System.Text.Json.Nodes;
using Allyship.Web.Data;
using Allyship.Web.Features.Actions;
using Allyship.Web.Features.Chat;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Features.Voice;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.ChatApps;

/// <summary>
/// What people do in Slack, answered: /pledge opens the log modal, its submission logs through the web form's own
/// command (same sentences, same transaction, same submission id: a retry logs once), the reminder's buttons open the
/// modal, the message shortcut prefills a shout-out, a colleague's buttons answer as her email link does. Every request
/// reaching here has passed the signing-secret check (<see cref="ChatAppEndpoints"/>).
/// </summary>
public sealed class SlackInteractions(AllyshipDbContext db, ChatAppStore store, ChatCalls calls, MentorPrograms programs, ProgramCalendar calendar,
    LogAction.Handler log, VoiceTokens voiceTokens, ColleagueVoice.Handler voice, IOptions<AppOptions> app, OfferedLanguages languages)
{
    /// <summary>A modal's trigger id is good for 3 seconds in Slack; later the call is pointless.</summary>
    private static readonly TimeSpan TriggerLasts = TimeSpan.FromSeconds(3);

    public const string NotInstalled = "Allyship is not installed in this workspace yet: ask your program admin to add it from Allyship's Integrations page.";

    /// <summary>/pledge [coffee|shout-out|sponsor-note]: the modal, or a sentence saying what is missing.</summary>
    public async Task<JsonObject?> CommandAsync(IReadOnlyDictionary<string, string> form, CancellationToken ct)
    {
        var team = form.GetValueOrDefault("team_id") ?? "";
        var slackUser = form.GetValueOrDefault("user_id") ?? "";
        using var inTheirLanguage = Cultures.Use(await LanguageOfAsync(team, slackUser, ct));
        if (await store.SlackAsync(team, ct) is null)
        {
            return SlackBlocks.Ephemeral(Text.Words[NotInstalled]);
        }

        if (await store.UserOfAsync(ChatApp.Slack, team, slackUser, ct) is not { } mentorId)
        {
            return LinkFirst(team, slackUser, form.GetValueOrDefault("user_name"));
        }

        var text = (form.GetValueOrDefault("text") ?? "").Trim();
        ActionKind? kind = text.Length == 0 ? null : KindOf(text);
        if (text.Length > 0 && kind is null)
        {
            return SlackBlocks.Ephemeral(Text.Words["Try `/pledge coffee`, `/pledge shout-out` or `/pledge sponsor-note` (or just `/pledge`)."].Value);
        }

        return await OpenModalAsync(team, mentorId, form.GetValueOrDefault("trigger_id"), kind, null, null, ct);
    }

    /// <summary>An interaction: a modal submitted, a button clicked, the message shortcut. The JSON to answer with, or null for an empty 200.</summary>
    public async Task<JsonObject?> InteractAsync(JsonObject payload, CancellationToken ct)
    {
        var type = payload["type"]?.GetValue<string>();
        var team = payload["team"]?["id"]?.GetValue<string>() ?? payload["user"]?["team_id"]?.GetValue<string>() ?? "";
        var slackUser = payload["user"]?["id"]?.GetValue<string>() ?? "";
        var trigger = payload["trigger_id"]?.GetValue<string>();
        using var inTheirLanguage = Cultures.Use(await LanguageOfAsync(team, slackUser, ct));
        if (await store.SlackAsync(team, ct) is null)
        {
            return null;
        }

        if (type == "block_actions" && payload["actions"] is JsonArray { Count: > 0 } clicks && clicks[0] is JsonObject clicked)
        {
            var actionId = clicked["action_id"]?.GetValue<string>() ?? "";
            var value = clicked["value"]?.GetValue<string>() ?? clicked["selected_option"]?["value"]?.GetValue<string>() ?? "";
            if (actionId is SlackBlocks.ConfirmHappened or SlackBlocks.ConfirmDidNot)
            {
                await AnswerAsync(team, payload, value, actionId == SlackBlocks.ConfirmHappened, ct);
                return null;
            }

            if (await store.UserOfAsync(ChatApp.Slack, team, slackUser, ct) is not { } clicker)
            {
                return null;
            }

            if (actionId.StartsWith(SlackBlocks.OpenLogAction, StringComparison.Ordinal))
            {
                var parts = value.Split(':');
                var programId = parts.Length > 1 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
                await OpenModalAsync(team, clicker, trigger, KindOf(parts[0]), null, programId, ct);
            }
            else if (actionId == SlackBlocks.KindAction && payload["view"] is JsonObject view)
            {
                await SwitchKindAsync(team, clicker, view, value, ct);
            }

            return null;
        }

        if (type == "message_action" && payload["callback_id"]?.GetValue<string>() == SlackBlocks.ShoutOutShortcut)
        {
            if (await store.UserOfAsync(ChatApp.Slack, team, slackUser, ct) is not { } mentor)
            {
                return LinkFirst(team, slackUser, payload["user"]?["username"]?.GetValue<string>() ?? payload["user"]?["name"]?.GetValue<string>());
            }

            var message = SlackText.Plain(payload["message"]?["text"]?.GetValue<string>());
            var channel = payload["channel"]?["name"]?.GetValue<string>();
            return await OpenModalAsync(team, mentor, trigger, ActionKind.ShoutOut, (message, channel is { Length: > 0 } ? $"Slack, #{channel}" : "Slack"), null, ct);
        }

        if (type == "view_submission" && payload["view"] is JsonObject submitted && submitted["callback_id"]?.GetValue<string>() == SlackBlocks.LogCallback)
        {
            return await store.UserOfAsync(ChatApp.Slack, team, slackUser, ct) is { } submitter
                ? await SubmitAsync(submitter, submitted, ct)
                : Errors(submitted, [new FieldError("ColleagueId", Text.Words["Your Slack account is not linked to Allyship any more: use /pledge to link it again."].Value)]);
        }

        return null;
    }

    /// <summary>The colleague list of the modal: the directory search of the web form, for a linked mentor only.</summary>
    public async Task<JsonObject> OptionsAsync(JsonObject payload, CancellationToken ct)
    {
        var team = payload["team"]?["id"]?.GetValue<string>() ?? "";
        var slackUser = payload["user"]?["id"]?.GetValue<string>() ?? "";
        var query = payload["value"]?.GetValue<string>() ?? "";
        if (await store.SlackAsync(team, ct) is null || await store.UserOfAsync(ChatApp.Slack, team, slackUser, ct) is null || query.Trim().Length == 0)
        {
            return new JsonObject { ["options"] = new JsonArray() };
        }

        var found = await programs.SearchAsync(query, ct);
        return new JsonObject
        {
            ["options"] = new JsonArray(found.Select(c => (JsonNode)SlackBlocks.Option(c.Label, c.Id.ToString(CultureInfo.InvariantCulture))).ToArray()),
        };
    }

    private JsonObject LinkFirst(string team, string slackUser, string? name) => SlackBlocks.Ephemeral(
        Text.Words["First connect your Slack account to Allyship (once): <{0}|connect my account>. The link works for 30 minutes, and only for the Allyship account with this Slack account's email address.",
            app.Value.Link("/chat/link/" + store.LinkToken(ChatApp.Slack, team, slackUser, name))].Value);

    private async Task<JsonObject?> OpenModalAsync(string team, string mentorId, string? trigger, ActionKind? kind, (string? Achievement, string? Where)? prefill,
        int? programId, CancellationToken ct)
    {
        var mine = await programs.ListAsync(mentorId, ct);
        if (mine.Count == 0)
        {
            return SlackBlocks.Ephemeral(Text.Words["You are not enrolled in a program yet, so there is nothing to log: ask your program admin."].Value);
        }

        if (trigger is null)
        {
            return null;
        }

        var program = MentorPrograms.Choose(mine, programId)!;
        var chosen = kind ?? await FirstNotDoneAsync(mentorId, program, ct);
        var view = ModalFor(chosen, mine, program, Guid.NewGuid(), prefill);
        var now = calendar.UtcNow;
        var call = ChatCalls.Queue(db, team, "views.open", new JsonObject { ["trigger_id"] = trigger, ["view"] = view }, $"views.open:{trigger}", now,
            expiresUtc: now + TriggerLasts);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Infrastructure.Database.DbErrors.IsUniqueViolation(ex))
        {
            return null; // the same click or command again: its form is already opening
        }

        var (made, _) = await calls.CallNowAsync(call.Id, ct, TriggerLasts - TimeSpan.FromMilliseconds(500));
        return made is { Status: ChatCallStatus.Done } ? null
            : SlackBlocks.Ephemeral(Text.Words["Slack did not open the form in time: try again, or log it on Allyship's web page."].Value);
    }

    private JsonObject ModalFor(ActionKind kind, IReadOnlyList<ProgramChoice> mine, ProgramChoice program, Guid submission, (string? Achievement, string? Where)? prefill) =>
        SlackBlocks.LogModal(kind, mine.Select(p => new SlackBlocks.ProgramOption(p.Id, p.Name)).ToList(), program.Id, calendar.Today(program.TimeZoneId),
            program.Targets.DefaultMinutesFor(kind), submission, prefill?.Achievement, prefill?.Where);

    /// <summary>The kind picked at the top of an open modal: the modal again with that kind's fields, keeping its submission id.</summary>
    private async Task SwitchKindAsync(string team, string mentorId, JsonObject view, string kindValue, CancellationToken ct)
    {
        if (SlackBlocks.ReadMetadata(view["private_metadata"]?.GetValue<string>()) is not { } metadata || KindOf(kindValue) is not { } kind)
        {
            return;
        }

        var mine = await programs.ListAsync(mentorId, ct);
        if (MentorPrograms.Choose(mine, metadata.ProgramId) is not { } program)
        {
            return;
        }

        var viewId = view["id"]?.GetValue<string>();
        var now = calendar.UtcNow;
        var update = new JsonObject { ["view_id"] = viewId, ["hash"] = view["hash"]?.GetValue<string>(), ["view"] = ModalFor(kind, mine, program, metadata.SubmissionId, null) };
        var call = ChatCalls.Queue(db, team, "views.update", update, $"views.update:{viewId}:{Guid.NewGuid():N}", now, expiresUtc: now + TimeSpan.FromMinutes(1));
        await db.SaveChangesAsync(ct);
        await calls.CallNowAsync(call.Id, ct, TimeSpan.FromSeconds(2.5));
    }

    private async Task<ActionKind> FirstNotDoneAsync(string mentorId, ProgramChoice program, CancellationToken ct)
    {
        var progress = await ProgressAsync(mentorId, program.Id, program.TimeZoneId, program.Targets, ct);
        return ActionKinds.All.FirstOrDefault(k => !progress.IsDone(k), ActionKind.Coffee);
    }

    private Task<WeekProgress> ProgressAsync(string mentorId, int programId, string zone, WeeklyTargets targets, CancellationToken ct) =>
        WeekProgress.OfMentorAsync(db, mentorId, programId, calendar.CurrentWeek(zone), targets, ct);

    /// <summary>The modal submitted: logged through the web form's command, or its sentences beside the fields.</summary>
    private async Task<JsonObject> SubmitAsync(string mentorId, JsonObject view, CancellationToken ct)
    {
        if (SlackBlocks.ReadMetadata(view["private_metadata"]?.GetValue<string>()) is not { } metadata)
        {
            return Errors(view, [new FieldError("ColleagueId", Text.Words["This form is out of date: close it and use /pledge again."].Value)]);
        }

        var values = view["state"]?["values"] as JsonObject ?? [];
        string? Value(string block) => values[block] is JsonObject b && b.FirstOrDefault().Value is JsonObject element
            ? element["selected_option"]?["value"]?.GetValue<string>() ?? element["selected_date"]?.GetValue<string>() ?? element["value"]?.GetValue<string>()
            : null;

        var kind = KindOf(Value(SlackBlocks.KindBlock) ?? metadata.Kind) ?? ActionKind.Coffee;
        var input = new ActionInput
        {
            Kind = kind.Slug(),
            ProgramId = int.TryParse(Value("ProgramId"), CultureInfo.InvariantCulture, out var program) ? program : metadata.ProgramId,
            ColleagueId = int.TryParse(Value("ColleagueId"), CultureInfo.InvariantCulture, out var colleague) ? colleague : null,
            OccurredOn = DateOnly.TryParseExact(Value("OccurredOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null,
            Minutes = int.TryParse(Value("Minutes"), CultureInfo.InvariantCulture, out var minutes) ? minutes : null,
            SubmissionId = metadata.SubmissionId,
            Topics = Value("Topics"),
            PrivateNotes = Value("PrivateNotes"),
            Achievement = Value("Achievement"),
            WhereGiven = Value("WhereGiven"),
            SeniorLeader = Value("SeniorLeader"),
            Accomplishment = Value("Accomplishment"),
        };
        if (input.OccurredOn is null && Value("OccurredOn") is { Length: > 0 })
        {
            return Errors(view, [new FieldError("OccurredOn", Text.Words["Choose the day it happened."].Value)]);
        }

        var result = await log.HandleAsync(new LogAction.Command(mentorId, input), ct);
        if (!result.Succeeded)
        {
            return Errors(view, result.Errors);
        }

        var logged = await db.Actions.AsNoTracking().Where(a => a.Id == result.ActionId)
            .Select(a => new { a.Kind, Colleague = a.Colleague.Name, a.SeniorLeader, a.ProgramId, a.Program.TimeZoneId, a.Program.Targets }).SingleAsync(ct);
        var progress = await ProgressAsync(mentorId, logged.ProgramId, logged.TimeZoneId, logged.Targets, ct);
        return new JsonObject { ["response_action"] = "update", ["view"] = SlackBlocks.Logged(logged.Kind.Title(logged.Colleague, logged.SeniorLeader), progress.MinutesSentence) };
    }

    /// <summary>The command's sentences beside the modal's fields (a field the modal does not show: beside the colleague).</summary>
    private static JsonObject Errors(JsonObject view, IReadOnlyList<FieldError> errors)
    {
        var blocks = (view["blocks"] as JsonArray ?? []).Select(b => b?["block_id"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var byBlock = new JsonObject();
        foreach (var error in errors)
        {
            var block = blocks.Contains(error.Field) ? error.Field : "ColleagueId";
            var message = Text.Words[error.Message].Value; // a rule's constant sentence, in the mentor's language (as FormErrors does on the web)
            byBlock[block] = byBlock[block] is { } earlier ? $"{earlier.GetValue<string>()} {message}" : message;
        }

        return new JsonObject { ["response_action"] = "errors", ["errors"] = byBlock };
    }

    /// <summary>Her answer from the direct message: saved as her link saves it (the token in the button is her link's), and the message shows it.</summary>
    private async Task AnswerAsync(string team, JsonObject payload, string value, bool happened, CancellationToken ct)
    {
        var split = value.IndexOf(':', StringComparison.Ordinal);
        if (split < 1 || !int.TryParse(value[..split], CultureInfo.InvariantCulture, out var actionId)
            || voiceTokens.Read(value[(split + 1)..]) is not (VoiceLinkState.Valid, { Purpose: VoicePurpose.Confirm } link))
        {
            return;
        }

        // Her answer is shown in her language, as her email and her page are.
        using var inHerLanguage = Cultures.Use(languages.For(await db.Colleagues.Where(c => c.Id == link.ColleagueId).Select(c => c.Language).SingleOrDefaultAsync(ct)));
        var item = (await voice.ItemsAsync(link, ct)).FirstOrDefault(i => i.Action.ActionId == actionId);
        if (item is null)
        {
            return;
        }

        // The buttons she clicked give way to her answer (the other actions' buttons stay): queued in her answer's transaction.
        void ShowAnswer()
        {
            if (payload["container"]?["channel_id"]?.GetValue<string>() is not { } channel || payload["container"]?["message_ts"]?.GetValue<string>() is not { } ts)
            {
                return;
            }

            var blocks = new JsonArray();
            foreach (var block in payload["message"]?["blocks"] as JsonArray ?? [])
            {
                blocks.Add(block?["block_id"]?.GetValue<string>() == $"confirm:{actionId.ToString(CultureInfo.InvariantCulture)}"
                    ? SlackBlocks.AnswerNote(happened)
                    : block?.DeepClone());
            }

            var now = calendar.UtcNow;
            ChatCalls.Queue(db, team, "chat.update", new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = Text.Words["Thank you"].Value, ["blocks"] = blocks },
                $"chat.update:{channel}:{ts}:{actionId}:{(happened ? "yes" : "no")}:{now.Ticks}", now);
        }

        await voice.SaveAsync(link, [new ColleagueVoice.AnswerInput
        {
            ActionId = actionId, Answer = happened ? "happened" : "didnt", Usefulness = item.Usefulness, Comment = item.Comment, Share = item.CommentShared,
        }], ct, alsoInTransaction: ShowAnswer);
    }

    public static ActionKind? KindOf(string? text)
    {
        var word = text?.Trim().ToLowerInvariant().Replace(" ", "-", StringComparison.Ordinal) switch
        {
            "shoutout" or "shout" => "shout-out",
            "sponsor" or "sponsornote" or "note" => "sponsor-note",
            var other => other,
        };
        return ActionKinds.TryParse(word, out var kind) ? kind : null;
    }

    /// <summary>The language of the Allyship account this Slack user connected (Settings), else the program's.</summary>
    private async Task<string> LanguageOfAsync(string team, string slackUser, CancellationToken ct) =>
        languages.For(await store.UserOfAsync(ChatApp.Slack, team, slackUser, ct) is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.Language).SingleOrDefaultAsync(ct)
            : null);
}

/// <summary>Slack's message text made plain: mentions, channels and links as their labels, entities decoded.</summary>
public static class SlackText
{
    public static string? Plain(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var plain = System.Text.RegularExpressions.Regex.Replace(text, "<([^>|]*)\\|([^>]*)>", "$2", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        plain = System.Text.RegularExpressions.Regex.Replace(plain, "<[@#!][^>]*>", "", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return System.Net.WebUtility.HtmlDecode(plain).Trim();
    }

}
