using System.Globalization;
using System.Text.Json.Nodes;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.Web.Features.Chat;

/// <summary>
/// What Allyship shows in Slack, as Block Kit: the log modal (one per kind, the web form's fields and words), the
/// reminder's direct message with its log buttons, and a colleague's confirmation message with her two answers. Each
/// input's block id is the web form's field name, so the log command's sentences land beside the right field.
/// </summary>
public static class SlackBlocks
{
    public const string LogCallback = "log_action";
    public const string OpenLogAction = "open_log";
    public const string ConfirmHappened = "confirm_happened";
    public const string ConfirmDidNot = "confirm_didnt";
    public const string ShoutOutShortcut = "shout_out_message";
    public const string ColleagueAction = "colleague";
    public const string KindAction = "kind";
    public const string KindBlock = "Kind";

    /// <summary>What the modal carries to its submission: the kind, the program and the submission id (so a retried submission logs once).</summary>
    public sealed record LogMetadata(string Kind, int ProgramId, Guid SubmissionId);

    public sealed record ProgramOption(int Id, string Name);

    public static JsonObject LogModal(ActionKind kind, IReadOnlyList<ProgramOption> programs, int programId, DateOnly today, int minutes, Guid submissionId,
        string? achievement = null, string? whereGiven = null)
    {
        var kindSelect = StaticSelect(KindAction, ActionKinds.All.Select(k => (k.Slug(), $"{k.Label()} ({k.Level()})")), kind.Slug());
        var blocks = new JsonArray(new JsonObject
        {
            // Picking another kind swaps the fields below (views.update), keeping the submission id.
            ["type"] = "input", ["block_id"] = KindBlock, ["label"] = Plain("What did you do?"), ["element"] = kindSelect, ["dispatch_action"] = true,
        });
        if (programs.Count > 1)
        {
            blocks.Add(Input("ProgramId", W("Program"), StaticSelect("program", programs.Select(p => (p.Id.ToString(CultureInfo.InvariantCulture), p.Name)),
                programs.First(p => p.Id == programId).Id.ToString(CultureInfo.InvariantCulture))));
        }

        blocks.Add(Input("ColleagueId", kind == ActionKind.Coffee ? W("Who did you have coffee with?") : W("Colleague"), new JsonObject
        {
            ["type"] = "external_select", ["action_id"] = ColleagueAction, ["min_query_length"] = 1,
            ["placeholder"] = Plain(W("Type a name")),
        }));
        blocks.Add(Input("OccurredOn", "Day", new JsonObject { ["type"] = "datepicker", ["action_id"] = "day", ["initial_date"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));
        blocks.Add(Input("Minutes", W("Minutes"), new JsonObject
        {
            ["type"] = "number_input", ["action_id"] = "minutes", ["is_decimal_allowed"] = false,
            ["initial_value"] = minutes.ToString(CultureInfo.InvariantCulture), ["min_value"] = PledgeAction.MinMinutes.ToString(CultureInfo.InvariantCulture),
            ["max_value"] = PledgeAction.MaxMinutes.ToString(CultureInfo.InvariantCulture),
        }));
        switch (kind)
        {
            case ActionKind.Coffee:
                blocks.Add(Input("Topics", W("What did you talk about?"), Text("topics", multiline: true), optional: true));
                blocks.Add(Input("PrivateNotes", W("Private notes"), Text("notes", multiline: true), optional: true, hint: W("Only you see these: never her, never the program team.")));
                break;
            case ActionKind.ShoutOut:
                blocks.Add(Input("Achievement", W("What did she achieve?"), Text("achievement", multiline: true, initial: achievement), optional: true));
                blocks.Add(Input("WhereGiven", W("Where did you give it?"), Text("where", initial: whereGiven), optional: true));
                break;
            default:
                blocks.Add(Input("SeniorLeader", W("Which senior leader did you tell?"), Text("leader")));
                blocks.Add(Input("Accomplishment", W("Which accomplishment of hers?"), Text("accomplishment", multiline: true)));
                break;
        }

        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = LogCallback,
            ["private_metadata"] = System.Text.Json.JsonSerializer.Serialize(new LogMetadata(kind.Slug(), programId, submissionId)),
            ["title"] = Plain(kind.LogLabel()),
            ["submit"] = Plain(W("Log it")),
            ["close"] = Plain(W("Cancel")),
            ["blocks"] = blocks,
        };
    }

    /// <summary>The view after a log: what was logged and the week's minutes, closing with "Done".</summary>
    public static JsonObject Logged(string title, string minutesSentence) => new()
    {
        ["type"] = "modal",
        ["title"] = Plain(W("Logged")),
        ["close"] = Plain(W("Done")),
        ["blocks"] = new JsonArray(Section(W("*{0}* is logged.", ChatText.ForSlack(title)) + "\n" + W("{0} this week.", ChatText.ForSlack(minutesSentence)))),
    };

    /// <summary>The reminder as a direct message: what is left, and a button per kind left that opens its modal.</summary>
    public static JsonObject Reminder(string text, IReadOnlyList<ActionKind> left, int programId) => new()
    {
        ["text"] = text,
        ["blocks"] = new JsonArray(
            Section(ChatText.ForSlack(text)),
            new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray(left.Select(k => (JsonNode)Button(k.LogLabel(), OpenLogAction + ":" + k.Slug(),
                    $"{k.Slug()}:{programId.ToString(CultureInfo.InvariantCulture)}")).ToArray()),
            }),
    };

    /// <summary>A colleague's weekly question as a direct message: each action, with "It happened" and "It didn't" (her signed link's token in the value).</summary>
    public static JsonObject Confirmation(string name, IReadOnlyList<(int ActionId, string Title, string When, string? Details)> actions, string token, string pageLink)
    {
        var blocks = new JsonArray(Section(W("Hi {0}, your mentors logged these last week. Did they happen?", ChatText.ForSlack(name))));
        foreach (var a in actions)
        {
            var id = a.ActionId.ToString(CultureInfo.InvariantCulture);
            blocks.Add(Section($"*{ChatText.ForSlack(a.Title)}*, {ChatText.ForSlack(a.When)}" + (a.Details is { } d ? $"\n{ChatText.ForSlack(d)}" : "")));
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["block_id"] = "confirm:" + id,
                ["elements"] = new JsonArray(Button(W("It happened"), ConfirmHappened, $"{id}:{token}"), Button(W("It didn't"), ConfirmDidNot, $"{id}:{token}")),
            });
        }

        blocks.Add(Context(W("Say how useful it was, add a comment or stop these messages: <{0}|your page>. Your mentors see only what you choose to share.", pageLink)));
        return new JsonObject { ["text"] = W("Did last week's actions happen?"), ["blocks"] = blocks };
    }

    /// <summary>The confirmation message after her answer: the buttons give way to what she said.</summary>
    public static JsonObject Answered(string title, bool happened) => new()
    {
        ["text"] = W("Thank you"),
        ["blocks"] = new JsonArray(Section(happened ? W("*{0}*: you said it happened. Thank you.", ChatText.ForSlack(title)) : W("*{0}*: you said it didn't happen. Thank you.", ChatText.ForSlack(title)))),
    };

    /// <summary>What takes the place of an action's two buttons once she answered.</summary>
    public static JsonObject AnswerNote(bool happened) => Context(happened ? W("✓ You said it happened. Thank you.") : W("You said it didn't happen. Thank you for telling us."));

    public static JsonObject Ephemeral(string mrkdwn) => new() { ["response_type"] = "ephemeral", ["text"] = mrkdwn };

    /// <summary>The kind, program and submission id a modal was opened with; null when the metadata is not ours.</summary>
    public static LogMetadata? ReadMetadata(string? json)
    {
        try
        {
            return json is null ? null : System.Text.Json.JsonSerializer.Deserialize<LogMetadata>(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonObject Input(string blockId, string label, JsonObject element, bool optional = false, string? hint = null)
    {
        var block = new JsonObject { ["type"] = "input", ["block_id"] = blockId, ["label"] = Plain(label), ["element"] = element, ["optional"] = optional };
        if (hint is not null)
        {
            block["hint"] = Plain(hint);
        }

        return block;
    }

    private static JsonObject Text(string actionId, bool multiline = false, string? initial = null)
    {
        var element = new JsonObject { ["type"] = "plain_text_input", ["action_id"] = actionId, ["multiline"] = multiline };
        if (!string.IsNullOrWhiteSpace(initial))
        {
            element["initial_value"] = initial.Length > 3000 ? initial[..3000] : initial;
        }

        return element;
    }

    private static JsonObject StaticSelect(string actionId, IEnumerable<(string Value, string Text)> options, string initial)
    {
        var list = options.Select(o => Option(o.Text, o.Value)).ToList();
        return new JsonObject
        {
            ["type"] = "static_select", ["action_id"] = actionId, ["options"] = new JsonArray(list.Select(o => (JsonNode)o).ToArray()),
            ["initial_option"] = list.First(o => o["value"]!.GetValue<string>() == initial).DeepClone(),
        };
    }

    public static JsonObject Option(string text, string value) => new() { ["text"] = Plain(text.Length > 75 ? text[..75] : text), ["value"] = value };

    private static JsonObject Button(string text, string actionId, string value) =>
        new() { ["type"] = "button", ["text"] = Plain(text), ["action_id"] = actionId, ["value"] = value };

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn } };

    private static JsonObject Context(string mrkdwn) => new()
    {
        ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn }),
    };

    /// <summary>Slack's words in the reader's language (the mentor's, or the colleague's for her question).</summary>
    private static string W(string text) => Infrastructure.Localisation.Text.Words[text];

    private static string W(string format, params object[] args) => Infrastructure.Localisation.Text.Words[format, args];
}
