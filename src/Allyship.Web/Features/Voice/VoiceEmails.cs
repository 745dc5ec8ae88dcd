using System.Text;
using System.Text.Encodings.Web;

namespace Allyship.Web.Features.Voice;

/// <summary>The words of the colleague's emails: the weekly confirmation, the quarterly pulse, and the team's concern notice.</summary>
public static class VoiceEmails
{
    public sealed record Content(string Subject, string Html, string Text);

    /// <summary>The links every colleague email ends with: her choices, and a private word with the program team.</summary>
    public sealed record Footer(string ChoicesLink, string ConcernLink);

    public static Content Confirmation(string name, DateOnly week, IReadOnlyList<AskedAction> actions, string confirmLink, Footer footer)
    {
        var e = HtmlEncoder.Default;
        var mentors = actions.Select(a => a.MentorName).Distinct().ToList();
        var who = mentors.Count == 1 ? mentors[0] : $"{mentors.Count} colleagues";
        var subject = actions.Count == 1
            ? $"Did this happen? {actions[0].Title}"
            : $"Did these happen? {actions.Count} things {who} logged with you";

        var text = new StringBuilder()
            .AppendLine($"Hi {name},")
            .AppendLine()
            .AppendLine($"In the week of {week:d MMMM} {who} logged {(actions.Count == 1 ? "this" : "these")} with you in the allyship program:")
            .AppendLine();
        var html = new StringBuilder()
            .Append($"<p>Hi {e.Encode(name)},</p>")
            .Append($"<p>In the week of {week:d MMMM} {e.Encode(who)} logged {(actions.Count == 1 ? "this" : "these")} with you in the allyship program:</p><ul>");
        foreach (var a in actions)
        {
            var details = a.Describe();
            text.AppendLine($"- {a.Title}, {a.When}{(details is null ? "" : $" ({details})")}");
            html.Append($"<li><strong>{e.Encode(a.Title)}</strong>, {e.Encode(a.When)}{(details is null ? "" : $"<br>{e.Encode(details)}")}</li>");
        }

        const string ask = "Did it happen, and was it useful? Two minutes, no account or password needed. Only you can answer, and you can change your answers for 30 days.";
        text.AppendLine()
            .AppendLine(ask)
            .AppendLine($"Answer: {confirmLink}");
        html.Append("</ul>")
            .Append($"<p>{e.Encode(ask)}</p>")
            .Append($"<p><a href=\"{e.Encode(confirmLink)}\"><strong>Answer now</strong></a></p>");
        AppendFooter(text, html, footer);
        return new Content(subject, html.ToString(), text.ToString());
    }

    public static Content Pulse(string name, string quarterLabel, string pulseLink, Footer footer)
    {
        var e = HtmlEncoder.Default;
        var question = $"“In the last quarter senior leaders here actively supported my career.”";
        var text = new StringBuilder()
            .AppendLine($"Hi {name},")
            .AppendLine()
            .AppendLine($"One question about {quarterLabel}, for everyone the allyship program was about:")
            .AppendLine(question)
            .AppendLine()
            .AppendLine("Your answer is anonymous: it is counted without your name, and only shown in groups large enough that nobody can be picked out.")
            .AppendLine($"Answer: {pulseLink}");
        var html = new StringBuilder()
            .Append($"<p>Hi {e.Encode(name)},</p>")
            .Append($"<p>One question about {e.Encode(quarterLabel)}, for everyone the allyship program was about:</p>")
            .Append($"<p><strong>{e.Encode(question)}</strong></p>")
            .Append("<p>Your answer is anonymous: it is counted without your name, and only shown in groups large enough that nobody can be picked out.</p>")
            .Append($"<p><a href=\"{e.Encode(pulseLink)}\"><strong>Answer now</strong></a></p>");
        AppendFooter(text, html, footer);
        return new Content($"One question about {quarterLabel}", html.ToString(), text.ToString());
    }

    public static Content ConcernRaised(string name, bool anonymous, string concernsLink)
    {
        var e = HtmlEncoder.Default;
        var from = anonymous ? "A colleague (anonymously)" : "A colleague";
        var text = new StringBuilder()
            .AppendLine($"Hi {name},")
            .AppendLine()
            .AppendLine($"{from} raised a concern with the program team. The message is kept out of email; read it on the Concerns page (opening it is recorded in the audit log):")
            .AppendLine(concernsLink)
            .AppendLine()
            .AppendLine("Never share it with the mentor concerned.");
        var html = new StringBuilder()
            .Append($"<p>Hi {e.Encode(name)},</p>")
            .Append($"<p>{e.Encode(from)} raised a concern with the program team. The message is kept out of email; read it on the <a href=\"{e.Encode(concernsLink)}\">Concerns page</a> (opening it is recorded in the audit log).</p>")
            .Append("<p>Never share it with the mentor concerned.</p>");
        return new Content("A colleague raised a concern", html.ToString(), text.ToString());
    }

    private static void AppendFooter(StringBuilder text, StringBuilder html, Footer footer)
    {
        var e = HtmlEncoder.Default;
        text.AppendLine()
            .AppendLine($"Stop these emails, or ask not to be named in the program: {footer.ChoicesLink}")
            .AppendLine($"Something not right? Tell the program team privately (never the mentor): {footer.ConcernLink}");
        html.Append("<p style=\"font-size:12px;color:#5d5666\">")
            .Append($"<a href=\"{e.Encode(footer.ChoicesLink)}\">Stop these emails, or ask not to be named</a> · ")
            .Append($"<a href=\"{e.Encode(footer.ConcernLink)}\">Something not right? Tell the program team privately</a></p>");
    }
}
