using Allyship.Web.Data;
using Allyship.Web.Features.Actions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Colleagues;

public sealed class EditModel(AllyshipDbContext db, AuditLog audit) : AdminPageModel
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Department { get; set; }
        public string? Level { get; set; }
        public string? ManagerEmail { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var c = await db.Colleagues.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return NotFound();
        }

        Input = new InputModel { Name = c.Name, Email = c.Email, Department = c.Department, Level = c.Level, ManagerEmail = c.ManagerEmail };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var c = await db.Colleagues.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return NotFound();
        }

        var errors = new List<FieldError>();
        var email = Input.Email is null ? null : Colleague.NormalizeEmail(Input.Email);
        if (string.IsNullOrWhiteSpace(Input.Name))
        {
            errors.Add(new("Name", "Enter the colleague's name."));
        }
        else if (Input.Name.Trim().Length > Colleague.NameMaxLength)
        {
            errors.Add(new("Name", $"The name can be at most {Colleague.NameMaxLength} characters."));
        }

        if (!EmailRules.IsValid(email))
        {
            errors.Add(new("Email", "Enter an email address like name@example.com."));
        }
        else if (await db.Colleagues.AnyAsync(x => x.Email == email && x.Id != id, ct))
        {
            errors.Add(new("Email", "Another colleague already has this email: the directory keeps one person per email."));
        }

        if (!string.IsNullOrWhiteSpace(Input.ManagerEmail) && !EmailRules.IsValid(Input.ManagerEmail.Trim()))
        {
            errors.Add(new("ManagerEmail", "Enter the manager's email like name@example.com, or leave it empty."));
        }

        if (Input.Department is { Length: > Colleague.DepartmentMaxLength } || Input.Level is { Length: > Colleague.LevelMaxLength })
        {
            errors.Add(new("Department", $"Department and level can be at most {Colleague.DepartmentMaxLength} and {Colleague.LevelMaxLength} characters."));
        }

        if (errors.Count > 0)
        {
            AddErrors(errors);
            return Page();
        }

        c.Name = Input.Name!.Trim();
        c.Email = email!;
        c.Department = string.IsNullOrWhiteSpace(Input.Department) ? null : Input.Department.Trim();
        c.Level = string.IsNullOrWhiteSpace(Input.Level) ? null : Input.Level.Trim();
        c.ManagerEmail = string.IsNullOrWhiteSpace(Input.ManagerEmail) ? null : Colleague.NormalizeEmail(Input.ManagerEmail);
        audit.Record(User, "colleague.edit", c.Email, $"{c.Name}; {c.Department}; {c.Level}");
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"{c.Name} saved.";
        return Redirect("/admin/colleagues?q=" + Uri.EscapeDataString(c.Name));
    }
}
