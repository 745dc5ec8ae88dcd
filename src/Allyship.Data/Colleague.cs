using System.Linq.Expressions;

namespace Allyship.Web.Data;

/// <summary>A person in the organisation's directory: who receives coffees, shout-outs and sponsor notes.</summary>
public sealed class Colleague : ITimestamped
{
    public const int NameMaxLength = 120;
    public const int EmailMaxLength = EmailAddress.MaxLength;
    public const int DepartmentMaxLength = 120;
    public const int LevelMaxLength = 60;
    public const int LanguageMaxLength = 20;

    /// <summary>The tombstone domain an erased colleague's address moves to (the entry stays: her actions still count).</summary>
    public const string ErasedDomain = "erased.invalid";

    // Who a colleague may be shown to, named to and emailed by: four rules, each spelled once here and composed, asked by
    // queries as expressions (through navigations with RuleExpressions.Through) and of a loaded colleague by the Is… properties.

    /// <summary>Present: not erased. The directory list and an action's own colleague; an erased entry only keeps her actions counting.</summary>
    public static readonly Expression<Func<Colleague, bool>> Present = c => !c.Email.EndsWith("@" + ErasedDomain);

    /// <summary>
    /// Nameable: she has not asked to stay unnamed, so anyone may see her name (reports, digests, lists of the overlooked).
    /// The mentor who logged an action with her sees it either way (<see cref="NameFor"/>).
    /// </summary>
    public static readonly Expression<Func<Colleague, bool>> Nameable = c => !c.NotNamed;

    /// <summary>
    /// Still here: she has not left the organisation (<see cref="LeftUtc"/>, set when the company's identity provider
    /// deprovisions her). One who left stays present, so her history counts, but is no longer offered or emailed.
    /// </summary>
    public static readonly Expression<Func<Colleague, bool>> StillHere = c => c.LeftUtc == null;

    /// <summary>
    /// Pickable: present, still here and nameable. Offered in pickers and accepted on the log form; also who may be listed
    /// by name to others (the overlooked on the spread, the notes in a leader's digest).
    /// </summary>
    public static readonly Expression<Func<Colleague, bool>> Pickable = Present.And(StillHere).And(Nameable);

    /// <summary>Emailable: the program may email her (confirmations, the pulse, invitations): present, still here and not opted out.</summary>
    public static readonly Expression<Func<Colleague, bool>> Emailable = Present.And(StillHere).And(c => !c.EmailsStopped);

    /// <summary>
    /// Provisioned: the company's identity provider keeps her entry over SCIM (it created or took it over and has not
    /// deleted it). Her name, email, department and level are changed there, not by the directory's CSV import or editor.
    /// </summary>
    public static readonly Expression<Func<Colleague, bool>> Provisioned = c => c.ScimVersion > 0 && !c.ScimRemoved;

    private static readonly Func<Colleague, bool> ProvisionedRule = Provisioned.Compile();

    /// <summary><see cref="Provisioned"/>, asked of a loaded colleague.</summary>
    public bool IsProvisioned => ProvisionedRule(this);

    private static readonly Func<Colleague, bool> PresentRule = Present.Compile();
    private static readonly Func<Colleague, bool> StillHereRule = StillHere.Compile();
    private static readonly Func<Colleague, bool> NameableRule = Nameable.Compile();
    private static readonly Func<Colleague, bool> PickableRule = Pickable.Compile();
    private static readonly Func<Colleague, bool> EmailableRule = Emailable.Compile();

    /// <summary><see cref="Present"/>, asked of a loaded colleague.</summary>
    public bool IsPresent => PresentRule(this);

    /// <summary><see cref="StillHere"/>, asked of a loaded colleague.</summary>
    public bool IsStillHere => StillHereRule(this);

    /// <summary><see cref="Nameable"/>, asked of a loaded colleague.</summary>
    public bool IsNameable => NameableRule(this);

    /// <summary><see cref="Pickable"/>, asked of a loaded colleague.</summary>
    public bool IsPickable => PickableRule(this);

    /// <summary><see cref="Emailable"/>, asked of a loaded colleague.</summary>
    public bool IsEmailable => EmailableRule(this);

    /// <summary>What pages, emails and reports call a colleague who asked not to be named.</summary>
    public const string Unnamed = "a colleague";

    /// <summary>
    /// The one rule for naming her: the mentor who logged the action always sees the name; anyone else sees
    /// <see cref="Unnamed"/> unless she is <see cref="Nameable"/>.
    /// </summary>
    public string NameFor(bool viewerLoggedIt) => viewerLoggedIt || IsNameable ? Name : Unnamed;

    /// <summary>The sentence when a mentor names someone who asked not to be named.</summary>
    public const string NotNamedSentence = "This colleague has asked not to be named in the program: choose someone else.";

    /// <summary>The sentence when a mentor names someone who has left the organisation (<see cref="StillHere"/>).</summary>
    public const string LeftSentence = "This colleague has left the organisation: choose someone who is still here.";

    /// <summary>The sentence for an email another colleague already has (the directory edit; the log form and import reuse that person).</summary>
    public const string EmailTaken = "Another colleague already has this email: the directory keeps one person per email.";

    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Stored normalized (<see cref="EmailAddress.Normalize"/>); unique, so one email never makes two colleagues.</summary>
    public string Email { get; set; } = "";

    public string? Department { get; set; }
    public string? Level { get; set; }

    /// <summary>From the HR directory import; kept for reports on who sponsors whom.</summary>
    public string? ManagerEmail { get; set; }

    /// <summary>Her own choice: no confirmation or pulse emails. No import or admin edit changes it.</summary>
    public bool EmailsStopped { get; set; }

    /// <summary>
    /// Her own choice not to be named: pickers no longer offer her, and everyone but the mentor who logged an action
    /// sees "a colleague" (<see cref="NameFor"/>). Her past actions still count.
    /// </summary>
    public bool NotNamed { get; set; }

    /// <summary>
    /// A senior leader: offered on the sponsor-note form and sent the weekly leader digest of the notes naming them
    /// (directory CSV column <c>leader</c>, a checkbox in the editor).
    /// </summary>
    public bool IsLeader { get; set; }

    /// <summary>When she last changed either choice.</summary>
    public DateTime? ConsentChangedUtc { get; set; }

    /// <summary>When the company's identity provider said she left (SCIM active=false or DELETE); null while she is here.</summary>
    public DateTime? LeftUtc { get; set; }

    /// <summary>Her sign-in name at the identity provider (SCIM userName, often her UPN); null when it is her email.</summary>
    public string? ScimUserName { get; set; }

    /// <summary>The identity provider's own id for her (SCIM externalId): how it finds her again when her email changes.</summary>
    public string? ScimExternalId { get; set; }

    /// <summary>Counts every change provisioning makes to her entry: the SCIM resource's version and ETag.</summary>
    public int ScimVersion { get; set; }

    public const int ExternalIdMaxLength = 200;

    /// <summary>The company's employee number (SCIM enterprise extension), kept so the identity provider reads back what it sent.</summary>
    public string? EmployeeNumber { get; set; }

    public const int EmployeeNumberMaxLength = 60;

    /// <summary>
    /// The identity provider deleted her resource (SCIM DELETE): she has left, and provisioning no longer finds her; her
    /// entry and history stay. Creating her again brings the entry back.
    /// </summary>
    public bool ScimRemoved { get; set; }

    /// <summary>
    /// The language her emails and link pages are written in (directory CSV column <c>language</c>, SCIM
    /// <c>preferredLanguage</c>, the editor): a language tag such as "fr" or "es-MX"; null means the program's default.
    /// </summary>
    public string? Language { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public static string NormalizeEmail(string email) => EmailAddress.Normalize(email);

    /// <summary>
    /// What a colleague record must hold, with the sentences the directory editor, the CSV import and the log form
    /// all show: a name, a valid email, and department, level and manager email within their limits. Fields are named
    /// as in <see cref="Details"/>. Whether another colleague has the email is the directory's question, not this one's.
    /// </summary>
    public static List<FieldError> Check(Details details)
    {
        var errors = new List<FieldError>();
        var name = Clean(details.Name);
        if (name is null)
        {
            errors.Add(new(nameof(Details.Name), Sentences.Say("Enter the colleague's name.")));
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add(new(nameof(Details.Name), Sentences.Say("The colleague's name can be at most {0} characters.", NameMaxLength)));
        }

        var email = Clean(details.Email);
        if (email is null)
        {
            errors.Add(new(nameof(Details.Email), Sentences.Say("Enter the colleague's email, so the same person is never added twice.")));
        }
        else if (!EmailAddress.IsValid(email))
        {
            errors.Add(new(nameof(Details.Email), Sentences.Say("“{0}” is not an email address: enter one like name@example.com.", email)));
        }

        if (Clean(details.Department) is { Length: > DepartmentMaxLength })
        {
            errors.Add(new(nameof(Details.Department), Sentences.Say("The department can be at most {0} characters.", DepartmentMaxLength)));
        }

        if (Clean(details.Level) is { Length: > LevelMaxLength })
        {
            errors.Add(new(nameof(Details.Level), Sentences.Say("The level can be at most {0} characters.", LevelMaxLength)));
        }

        if (Clean(details.ManagerEmail) is { } manager && !EmailAddress.IsValid(manager))
        {
            errors.Add(new(nameof(Details.ManagerEmail), Sentences.Say("The manager's email “{0}” is not an email address: enter one like name@example.com, or leave it empty.", manager)));
        }

        if (Clean(details.Language) is { } language && NormalizeLanguage(language) is null)
        {
            errors.Add(new(nameof(Details.Language), Sentences.Say("“{0}” is not a language code: enter one like fr or es-MX, or leave it empty for the program's language.", language)));
        }

        return errors;
    }

    /// <summary>
    /// A language tag as stored: "fr", "es-MX" (a primary language of 2 or 3 letters, lower case, then optional subtags;
    /// "es_MX" is read as "es-MX"); null when it is not one.
    /// </summary>
    public static string? NormalizeLanguage(string? tag)
    {
        if (Clean(tag)?.Replace('_', '-') is not { Length: <= LanguageMaxLength } t)
        {
            return null;
        }

        var parts = t.Split('-');
        if (parts[0].Length is < 2 or > 3 || !parts[0].All(char.IsAsciiLetter) || parts.Skip(1).Any(p => p.Length is < 1 or > 8 || !p.All(char.IsAsciiLetterOrDigit)))
        {
            return null;
        }

        return string.Join('-', parts.Select((p, i) => i == 0 ? p.ToLowerInvariant() : p.Length == 2 ? p.ToUpperInvariant() : p));
    }

    /// <summary>Copies checked details onto this record, trimmed and normalized, empty values as null.</summary>
    public void Apply(Details details)
    {
        Name = Clean(details.Name)!;
        Email = NormalizeEmail(details.Email!);
        Department = Clean(details.Department);
        Level = Clean(details.Level);
        ManagerEmail = Clean(details.ManagerEmail) is { } manager ? NormalizeEmail(manager) : null;
        IsLeader = details.Leader ?? IsLeader;
        Language = details.Language is null ? Language : NormalizeLanguage(details.Language);
    }

    /// <summary>Would <see cref="Apply"/> change anything?</summary>
    public bool Differs(Details details) =>
        Name != Clean(details.Name) || Department != Clean(details.Department) || Level != Clean(details.Level)
        || ManagerEmail != (Clean(details.ManagerEmail) is { } m ? NormalizeEmail(m) : null)
        || (details.Leader is { } leader && leader != IsLeader)
        || (details.Language is not null && NormalizeLanguage(details.Language) != Language);

    public Details ToDetails() => new(Name, Email, Department, Level, ManagerEmail, IsLeader, Language ?? "");

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>
    /// A colleague's fields as typed or imported, before they are checked. <see cref="Leader"/> null leaves the flag as it
    /// is, and <see cref="Language"/> null leaves her language as it is (empty sets the program's default).
    /// </summary>
    public sealed record Details(string? Name, string? Email, string? Department = null, string? Level = null, string? ManagerEmail = null, bool? Leader = null, string? Language = null);
}
