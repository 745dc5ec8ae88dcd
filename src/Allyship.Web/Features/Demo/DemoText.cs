namespace Allyship.Web.Features.Demo;

/// <summary>Plausible words for seeded data, so the demo reads like a real program.</summary>
internal static class DemoText
{
    public static readonly string[] FirstNames =
    [
        "Amara", "Beatriz", "Chen", "Dana", "Elif", "Fatima", "Grace", "Hana", "Ines", "Jia", "Kavya", "Lena", "Maya",
        "Nadia", "Olivia", "Priya", "Quinn", "Rosa", "Sofia", "Tara", "Uma", "Valentina", "Wen", "Ximena", "Yara", "Zoe",
    ];

    public static readonly string[] MentorFirstNames =
    [
        "Adam", "Ben", "Carlos", "David", "Erik", "Farid", "George", "Hugo", "Ivan", "James", "Kenji", "Liam", "Marco",
        "Nikhil", "Oscar", "Paul", "Raj", "Sam", "Tom", "Victor", "Will", "Yusuf",
    ];

    public static readonly string[] LastNames =
    [
        "Okafor", "Silva", "Wang", "Levi", "Yilmaz", "Khan", "Murphy", "Sato", "Garcia", "Li", "Iyer", "Novak", "Cohen",
        "Haddad", "Brown", "Patel", "Reyes", "Costa", "Rossi", "Nair", "Dubois", "Lopez", "Zhang", "Smith", "Berg", "Kowalski",
    ];

    public static readonly string[] Departments = ["Engineering", "Product", "Sales", "Finance", "Operations", "Marketing", "Legal", "People"];

    public static readonly string[] Levels = ["Associate", "Analyst", "Engineer II", "Senior Associate", "Team Lead"];

    public static readonly string[] Topics =
    [
        "Her case for promotion next cycle", "Leading her first cross-team project", "Speaking at the all-hands",
        "Negotiating scope with a demanding stakeholder", "Which stretch assignment to take", "Building a network beyond the team",
        "Moving from individual contributor to lead", "Feedback from her last review", "Getting visibility for her work",
    ];

    public static readonly string[] Achievements =
    [
        "Shipped the billing migration with zero downtime", "Closed the largest renewal of the quarter",
        "Ran a flawless incident review", "Mentored two new joiners", "Automated the month-end close",
        "Won the customer-obsession award", "Rebuilt the onboarding guide",
    ];

    public static readonly string[] Venues = ["Team meeting", "#general channel", "All-hands", "Email to the department", "Quarterly review"];

    public static readonly string[] SeniorLeaders =
    [
        "Chief Technology Officer", "VP Sales", "Chief Financial Officer", "VP Product", "Head of Operations", "Chief Executive",
    ];

    /// <summary>The directory's senior leaders, one per title above (same order): sponsor notes name them.</summary>
    public static readonly string[] LeaderNames = ["Dana Whitfield", "Rafael Ortiz", "Grace Liang", "Tomasz Nowak", "Amina Yusuf", "Helen Marsh"];
}
