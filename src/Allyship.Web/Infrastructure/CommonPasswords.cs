using System.Text.Json;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// Refuses passwords from a list of the ~49,000 most common ones (zxcvbn-ts' list, restored from npm by the build and
/// copied beside the app as common-passwords.json): length, not composition rules, plus "not one everyone tries first".
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public const string FileName = "common-passwords.json";

    private static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new StartupException($"{path} is missing: the build copies it from npm (@zxcvbn-ts/language-common). Run the build again, or check npm.");
        }

        using var file = File.OpenRead(path);
        return (JsonSerializer.Deserialize<List<string>>(file) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
    });

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = "That password is one of the most common ones, the first an attacker tries. Choose another: a few unrelated words make a good one.",
            })
            : IdentityResult.Success);
}
