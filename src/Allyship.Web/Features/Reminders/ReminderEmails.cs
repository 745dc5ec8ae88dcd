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
        var leftText = string.Join(", ", left.Select(k => Describe(k, progress)));
        var subject = kind == EmailKind.LastCall
            ? $"Last call for this week's pledge: {leftText} to go"
            : $"Your 36 minutes this week: {leftText} to go";
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

    private static string Describe(ActionKind kind, WeekProgress progress)
    {
        var missing = progress.Targets.CountFor(kind) - progress.CountOf(kind);
        var noun = kind switch
        {
            ActionKind.Coffee => missing == 1 ? "a coffee" : $"{missing} coffees",
            ActionKind.ShoutOut => missing == 1 ? "a shout-out" : $"{missing} shout-outs",
            _ => missing == 1 ? "a sponsor note" : $"{missing} sponsor notes",
        };
        return $"{noun} ({progress.Targets.DefaultMinutesFor(kind) * missing} min)";
    }
}
