namespace Allyship.Web.Features.Shared;

/// <summary>The small rules of the app's English in emails and pages: greetings by first name, counts with their plural.</summary>
public static class Words
{
    /// <summary>
    /// How an email greets someone: the first word of their name ("Ben" for "Ben Yilmaz"); "there" when there is no name
    /// or the name is only an email address.
    /// </summary>
    public static string FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Contains('@', StringComparison.Ordinal)
            ? Infrastructure.Localisation.Text.Words["there"]
            : name.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];

    /// <summary>How emails greet an account holder: her preferred name when she gave one, else the first word of her name.</summary>
    public static string Greeting(Data.AppUser user) => Greeting(user.PreferredName, user.DisplayName);

    public static string Greeting(string? preferredName, string? displayName) =>
        string.IsNullOrWhiteSpace(preferredName) ? FirstName(displayName) : preferredName.Trim();

    /// <summary>A count with its noun: "1 coffee", "2 coffees", "0 sponsor notes".</summary>
    public static string Count(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";

    /// <summary>"a, b and c".</summary>
    public static string List(IReadOnlyList<string> items) =>
        items.Count switch { 0 => "", 1 => items[0], _ => Infrastructure.Localisation.Text.Words["{0} and {1}", string.Join(", ", items.Take(items.Count - 1)), items[^1]] };
}
