using System.Security.Cryptography;

namespace Allyship.IntegrationTests;

/// <summary>
/// The phone's side of two-factor: RFC 6238 codes from a base32 key, written from the RFC here rather than borrowed from
/// the app, so a mistake in the app's version cannot hide behind the same mistake in the test.
/// </summary>
public static class TestAuthenticator
{
    public static string CodeAt(string key, DateTimeOffset when)
    {
        var secret = FromBase32(key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var counter = BitConverter.GetBytes(when.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // RFC 6238 is HMAC-SHA1
        using var hmac = new HMACSHA1(secret);
#pragma warning restore CA5350
        var hash = hmac.ComputeHash(counter);
        var offset = hash[19] & 0xf;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.TrimEnd('=').Select(c => Convert.ToString(alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
