using System.Text;
using System.Text.Encodings.Web;

namespace Allyship.Web.Features.Sponsorship;

/// <summary>The words of a senior leader's weekly digest: who mentors told them about, and what sponsorship asks of them.</summary>
public static class LeaderDigestEmail
{
    public sealed record Note(string Colleague, string? Department, string? Accomplishment, string Mentor);

    public sealed record Content(string Subject, string Html, string Text);

    /// <summary>What sponsorship asks of a leader: said once, in every digest.</summary>
    public const string Ask =
        "Sponsorship asks something of you: a stretch assignment, a mention where decisions are made, or an introduction to someone who can open a door. One of those, for one of them, this week.";

    public static Content Compose(string leader, DateOnly week, IReadOnlyList<Note> notes, string stopLink, string choicesLink)
    {
        var e = HtmlEncoder.Default;
        var colleagues = notes.GroupBy(n => (n.Colleague, n.Department)).ToList();
        var subject = colleagues.Count == 1
            ? $"Mentors told you about {colleagues[0].Key.Colleague} this week"
            : $"Mentors told you about {colleagues.Count} colleagues this week";
        var text = new StringBuilder()
            .AppendLine($"Hi {leader},")
            .AppendLine()
            .AppendLine($"In the week of {week:d MMMM} mentors told you about:")
            .AppendLine();
        var html = new StringBuilder()
            .Append($"<p>Hi {e.Encode(leader)},</p>")
            .Append($"<p>In the week of {week:d MMMM} mentors told you about:</p>");
        foreach (var colleague in colleagues)
        {
            var who = colleague.Key.Department is { Length: > 0 } d ? $"{colleague.Key.Colleague} ({d})" : colleague.Key.Colleague;
            text.AppendLine(who);
            html.Append($"<h3 style=\"font-size:16px;margin:16px 0 4px\">{e.Encode(who)}</h3><ul>");
            foreach (var note in colleague)
            {
                var what = note.Accomplishment is { Length: > 0 } a ? a : "an accomplishment (no details given)";
                text.AppendLine($"- {what} (from {note.Mentor})");
                html.Append($"<li>{e.Encode(what)} <span style=\"color:#5d5666\">(from {e.Encode(note.Mentor)})</span></li>");
            }

            html.Append("</ul>");
        }

        text.AppendLine()
            .AppendLine(Ask)
            .AppendLine()
            .AppendLine("You get this because you are a senior leader in the allyship program's directory.")
            .AppendLine($"Stop these emails: {stopLink}")
            .AppendLine($"Your choices: {choicesLink}");
        html.Append($"<p><strong>{e.Encode(Ask)}</strong></p>")
            .Append("<p style=\"font-size:12px;color:#5d5666\">You get this because you are a senior leader in the allyship program's directory. ")
            .Append($"<a href=\"{e.Encode(stopLink)}\">Stop these emails</a> · <a href=\"{e.Encode(choicesLink)}\">Your choices</a></p>");
        return new Content(subject, html.ToString(), text.ToString());
    }
}
