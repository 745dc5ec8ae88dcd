using Allyship.Web.Data;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// What the mentor is told about a shout-out's chat post that went wrong (issue 35, item 5), on This week and on the
/// shout-out's page: what happened and what to do. Nothing is said of a post that is sent or simply waiting its turn.
/// </summary>
public static class ChatPostWords
{
    public static string? ForMentor(ChatPostStatus? status, int attempts, string? channel)
    {
        var where = string.IsNullOrWhiteSpace(channel) ? "the team's chat" : channel;
        return status switch
        {
            ChatPostStatus.Failed =>
                $"Not posted in {where}: the chat refused it {Words.Count(attempts, "time")}. Give the shout-out there yourself, or ask your program admin to retry it.",
            ChatPostStatus.Uncertain =>
                $"Maybe not posted in {where}: the chat did not answer. Look in the channel; if it isn't there, post it yourself. It won't be posted twice.",
            ChatPostStatus.Pending when attempts > 0 =>
                $"Not posted in {where} yet: the chat refused it, and it will be tried again by itself.",
            _ => null,
        };
    }
}
