using Allyship.Web.Infrastructure;

namespace Allyship.UnitTests;

/// <summary>NIST SP 800-63B screening: leaked, built from the account or the product, repetitive or sequential.</summary>
public sealed class PasswordScreenTests
{
    [Theory]
    [InlineData("Password123!")] // "password" with digits and a symbol around it
    [InlineData("Welcome12345")]
    [InlineData("qwerty123456")]
    [InlineData("  PASSWORD1234  ")]
    [InlineData("ｐａｓｓｗｏｒｄ１２３４")] // full-width letters normalise to the same
    [InlineData("iloveyou2024")]
    public void A_leaked_password_is_refused_after_normalising(string password) =>
        PasswordScreen.Check(password).ShouldBe(PasswordWeakness.Breached);

    [Theory]
    [InlineData("allyship1234", null, null)]
    [InlineData("Allyship-2026!", null, null)]
    [InlineData("Pledge-36-demo", null, null)]
    [InlineData("beatrice.ng@acme-corp.test", "beatrice.ng@acme-corp.test", null)]
    [InlineData("beatrice.ng-99", "beatrice.ng@acme-corp.test", null)]
    [InlineData("acme-corp-2026", "beatrice.ng@acme-corp.test", null)]
    [InlineData("Beatrice-Ng-1990", "bng@example.test", "Beatrice Ng")]
    public void A_password_built_from_the_account_or_the_product_is_refused(string password, string? email, string? name) =>
        PasswordScreen.Check(password, email, name).ShouldBe(PasswordWeakness.FromContext);

    [Theory]
    [InlineData("bbbbbbbbbbbb")]
    [InlineData("abcabcabcabc")]
    [InlineData("1234abcd1234xyz")]
    [InlineData("zyxwvutsrqpo")]
    [InlineData("asdfghjkl;'")]
    public void A_repetitive_or_sequential_password_is_refused(string password) =>
        PasswordScreen.Check(password).ShouldNotBe(PasswordWeakness.None);

    [Fact]
    public void A_repeated_character_string_not_in_any_list_is_refused_as_a_pattern() =>
        PasswordScreen.Check(new string('w', 130)).ShouldBe(PasswordWeakness.Pattern);

    [Theory]
    [InlineData("Correct-horse-36", "mentor.one@example.test", "Mentor One")]
    [InlineData("Four unrelated words here", "beatrice.ng@acme-corp.test", "Beatrice Ng")]
    [InlineData("beatrice likes quiet trains", "beatrice.ng@acme-corp.test", "Beatrice Ng")]
    [InlineData("allyship is a long river road", null, null)]
    [InlineData("Tiramisu-and-a-kettle", null, null)]
    public void A_good_password_passes_even_beside_the_accounts_words(string password, string? email, string? name) =>
        PasswordScreen.Check(password, email, name).ShouldBe(PasswordWeakness.None);

    [Fact]
    public void Every_refusal_says_why_in_a_sentence()
    {
        foreach (var weakness in Enum.GetValues<PasswordWeakness>().Where(w => w != PasswordWeakness.None))
        {
            PasswordScreen.Sentence(weakness).ShouldEndWith("a few unrelated words make a good one.");
        }
    }
}
