namespace Allyship.Web.Infrastructure;

/// <summary>The one sentence for a week's minutes, on every page and in every email (issue 35, item 6).</summary>
public static class MinutesWords
{
    /// <summary>"30 of 36 minutes"; past the goal "36 of 36 minutes, +15 extra", never "51 of 36".</summary>
    public static string Sentence(int minutes, int target)
    {
        var extra = Math.Max(0, minutes - target);
        return extra > 0
            ? Localisation.Text.Words["{0} of {1} minutes, +{2} extra", Math.Min(minutes, target), target, extra]
            : Localisation.Text.Words["{0} of {1} minutes", minutes, target];
    }
}
