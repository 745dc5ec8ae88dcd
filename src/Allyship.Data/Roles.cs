namespace Allyship.Web.Data;

public static class Roles
{
    public const string Mentor = "Mentor";
    public const string ProgramAdmin = "ProgramAdmin";
    public const string HR = "HR";

    public static readonly IReadOnlyList<string> All = [Mentor, ProgramAdmin, HR];
}
