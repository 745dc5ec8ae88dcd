using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Infrastructure.Accounts;

/// <summary>Time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as authenticator apps make them.</summary>
public static class Totp
{
    public const int StepSeconds = 30;

    public static long StepAt(DateTimeOffset when) => when.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The step <paramref name="code"/> belongs to, if it is this step's code or a neighbour's (a phone's clock drifts).</summary>
    public static long? MatchingStep(string base32Key, string code, DateTimeOffset now)
    {
        code = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit) || Base32.Decode(base32Key) is not { Length: > 0 } key)
        {
            return null;
        }

        var current = StepAt(now);
        for (var step = current - 1; step <= current + 1; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(CodeFor(key, step)), System.Text.Encoding.ASCII.GetBytes(code)))
            {
                return step;
            }
        }

        return null;
    }

    public static string CodeFor(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 as every authenticator app implements it is HMAC-SHA1; its security rests on the key, not on SHA-1's collision resistance
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFFFFFF) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The link an authenticator app reads from the QR code.</summary>
    public static string EnrolmentUri(string issuer, string account, string base32Key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={base32Key}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period={StepSeconds}";
}

/// <summary>RFC 4648 base32, the alphabet authenticator keys are written in.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[]? Decode(string text)
    {
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is '=' or ' ')
            {
                continue;
            }

            var index = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}

/// <summary>
/// The authenticator code check used at sign-in and at enrolment. ASP.NET Core's own provider accepts a code again within
/// its window; this one stores the step of the last accepted code on the account and refuses that step and older ones.
/// Two posts of one code at the same moment: the second save loses on the concurrency stamp, and is refused.
/// </summary>
public sealed class OnceOnlyAuthenticatorTokenProvider(TimeProvider clock, ILogger<OnceOnlyAuthenticatorTokenProvider> log) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string Name = "OnceOnlyAuthenticator";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The code comes from the person's phone, never from the app.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (key is null || Totp.MatchingStep(key, token, clock.GetUtcNow()) is not { } step)
        {
            return false;
        }

        if (user.LastTotpStep is { } last && step <= last)
        {
            log.LogWarning("Authenticator code refused: already used (step {Step}, last accepted {Last})", step, last);
            return false;
        }

        user.LastTotpStep = step;
        return (await manager.UpdateAsync(user)).Succeeded;
    }
}
