namespace Allyship.Web.Data;

public static class Roles
{
    public const string Mentor = "Mentor";
    public const string ProgramAdmin = "ProgramAdmin";
    public const string HR = "HR";

    /// <summary>Runs the app: the Operations page and the jobs dashboard (issue 36). create-admin's break-glass accounts have it too.</summary>
    public const string Operator = "Operator";

    public static readonly IReadOnlyList<string> All = [Mentor, ProgramAdmin, HR, Operator];

    /// <summary>
    /// The role a name means, compared as Identity compares role names (its lookup normaliser: Unicode-normalised, then
    /// upper case, so `hr`, `Hr` and `HR` are one role); null when it names none. Every rule about a role starts here.
    /// </summary>
    public static string? Find(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        string normalized;
        try
        {
            normalized = name.Normalize().ToUpperInvariant();
        }
        catch (ArgumentException)
        {
            return null; // not valid Unicode (a lone surrogate): no role has such a name
        }

        return All.FirstOrDefault(role => string.Equals(role.ToUpperInvariant(), normalized, StringComparison.Ordinal));
    }

    /// <summary>The role's name in the product's words, for pages and messages ("Program admin", not the stored name).</summary>
    public static string Label(string role) => role switch
    {
        ProgramAdmin => "Program admin",
        _ => role,
    };
}
