namespace Allyship.Web.Infrastructure.Email;

/// <summary>A link in an email: its words and where it goes.</summary>
public sealed record EmailLink(string Label, string Url);

/// <summary>The week's minutes, drawn as a small bar under the greeting.</summary>
public sealed record EmailProgress(int Minutes, int Target)
{
    /// <summary>The filled share, 0 to 100: the drawing caps at the goal as the week page's ring does.</summary>
    public int Percent => Target <= 0 ? 0 : Math.Clamp((int)Math.Round(100.0 * Minutes / Target), 0, 100);

    /// <summary>"30 of 36 minutes"; past the goal "36 of 36 minutes, +5 extra", as the week page says it.</summary>
    public string Label => MinutesWords.Sentence(Minutes, Target);
}

/// <summary>The rule for subjects: short enough for a phone's inbox line.</summary>
public static class EmailSubject
{
    public const int MaxLength = 60;

    /// <summary>The subject as sent: within <see cref="MaxLength"/>, cut at a word with an ellipsis when a kind's own wording overran.</summary>
    public static string Fit(string subject)
    {
        if (subject.Length <= MaxLength)
        {
            return subject;
        }

        var cut = subject[..(MaxLength - 1)];
        var space = cut.LastIndexOf(' ');
        return (space > MaxLength / 2 ? cut[..space] : cut).TrimEnd(' ', ',', ':') + "…";
    }
}
