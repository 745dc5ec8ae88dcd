using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// What the mentor is told about a shout-out's chat post that went wrong (issue 35, item 5), on This week and on the
/// shout-out's page: what happened and what to do. Nothing is said of a post that is sent or simply waiting its turn.
/// </summary>
public static class ChatPostWords
{
    public static string? ForMentor(ChatPostStatus? status, int attempts, string? channel)
    {
        string where = string.IsNullOrWhiteSpace(channel) ? Infrastructure.Localisation.Text.Words["the team's chat"] : channel;
        return status switch
        {
            ChatPostStatus.Failed =>
                Infrastructure.Localisation.Text.Words.Plural(attempts, "Not posted in {1}: the chat refused it {0} time. Give the shout-out there yourself, or ask your program admin to retry it.",
                    "Not posted in {1}: the chat refused it {0} times. Give the shout-out there yourself, or ask your program admin to retry it.", where),
            ChatPostStatus.Uncertain =>
                Infrastructure.Localisation.Text.Words["Maybe not posted in {0}: the chat did not answer. Look in the channel; if it isn't there, post it yourself. It won't be posted twice.", where],
            ChatPostStatus.Pending when attempts > 0 =>
                Infrastructure.Localisation.Text.Words["Not posted in {0} yet: the chat refused it, and it will be tried again by itself.", where],
            _ => null,
        };
    }
}
