using Allyship.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Shared;

/// <summary>Shared by admin pages: field errors by name, and adding a handler's errors to the model state.</summary>
public abstract class AdminPageModel : PageModel
{
    public string? ErrorFor(string field) => FormErrors.For(ModelState, field);

    public string? Invalid(string field) => ErrorFor(field) is null ? null : "true";

    public string? Described(string field) => ErrorFor(field) is null ? null : $"{field}-error";

    protected void AddErrors(IEnumerable<FieldError> errors) => FormErrors.AddTo(ModelState, errors);
}
