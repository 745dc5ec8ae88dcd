using System.Text;
using System.Text.Encodings.Web;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.Web.Features.Reminders;

/// <summary>The words of reminder emails, as plain text and matching simple HTML.</summary>
public static class ReminderEmails
{
    public sealed record Content(string Subject, string Html, string Text);

    public static Content Compose(EmailKind kind, string name, string programName, WeekProgress progress,
        Func<ActionKind, string> logLink, string unsubscribeLink)
    {
        var left = ActionKinds.All.Where(k => !progress.IsDone(k)).ToList();
        var subject = Subject(kind, left, progress);
        var opening = kind == EmailKind.LastCall
            ? "The week closes on Sunday night, and a few minutes still make it complete."
            : "A mid-week nudge: there is still time to make this week count.";

        var text = new StringBuilder()
            .AppendLine($"Hi {name},")
            .AppendLine()
            .AppendLine(opening)
            .AppendLine($"In {programName} you have done {progress.MinutesSentence} this week.")
            .AppendLine()
            .AppendLine("Still to do:");
        foreach (var k in left)
        {
            text.AppendLine($"- {Describe(k, progress)}: {logLink(k)}");
        }

        text.AppendLine()
            .AppendLine("Thank you for keeping the pledge.")
            .AppendLine()
            .AppendLine($"Stop these reminders: {unsubscribeLink}");

        var e = HtmlEncoder.Default;
        var html = new StringBuilder()
            .Append($"<p>Hi {e.Encode(name)},</p>")
            .Append($"<p>{e.Encode(opening)}</p>")
            .Append($"<p>In <strong>{e.Encode(programName)}</strong> you have done <strong>{e.Encode(progress.MinutesSentence)}</strong> this week.</p>")
            .Append("<p>Still to do:</p><ul>");
        foreach (var k in left)
        {
            html.Append($"<li><a href=\"{e.Encode(logLink(k))}\">Log {e.Encode(Describe(k, progress))}</a></li>");
        }

        html.Append("</ul><p>Thank you for keeping the pledge.</p>")
            .Append($"<p style=\"font-size:12px;color:#5d5666\"><a href=\"{e.Encode(unsubscribeLink)}\">Stop these reminders</a></p>");
        return new Content(subject, html.ToString(), text.ToString());
    }

    /// <summary>At most <see cref="SubjectMaxLength"/> characters: what is left by name, or the minutes when that is too long.</summary>
    public static string Subject(EmailKind kind, IReadOnlyList<ActionKind> left, WeekProgress progress)
    {
        var prefix = kind == EmailKind.LastCall ? "Last call" : "This week";
        var named = $"{prefix}: {Shared.Words.List(left.Select(k => Noun(k, progress)).ToList())} to go";
        return named.Length <= SubjectMaxLength ? named : $"{prefix}: {progress.TargetMinutes - progress.MinutesTowardGoal} minutes of your pledge to go";
    }

    public const int SubjectMaxLength = 60;

    private static string Noun(ActionKind kind, WeekProgress progress)
    {
        var missing = progress.Targets.CountFor(kind) - progress.CountOf(kind);
        return kind switch
        {
            ActionKind.Coffee => missing == 1 ? "a coffee" : $"{missing} coffees",
            ActionKind.ShoutOut => missing == 1 ? "a shout-out" : $"{missing} shout-outs",
            _ => missing == 1 ? "a sponsor note" : $"{missing} sponsor notes",
        };
    }

    private static string Describe(ActionKind kind, WeekProgress progress)
    {
        var missing = progress.Targets.CountFor(kind) - progress.CountOf(kind);
        return $"{Noun(kind, progress)} ({progress.Targets.DefaultMinutesFor(kind) * missing} min)";
    }
}
