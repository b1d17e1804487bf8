import type { FakeContext } from './context';
import { applyMessageBody, createMessage, deleteMessage, messageEvent, requireBotChannel } from './context';
import { ApiErrors } from './errors';
import type { RestRequest, RouteDefinition } from './http';
import type { Json, MessageRecord } from './model';
import { MessageFlag, toApiChannel, toApiMessage } from './model';
import { hasPermission, Permission } from './permissions';
import { validateMessageBody } from './validate';

/** Routes of channels and their messages, with Discord's permission checks for the bot. */
export function channelRoutes(context: FakeContext): RouteDefinition[] {
  const { state } = context;

  const findMessage = (channelId: string, messageId: string): MessageRecord => {
    const message = state.messages.get(messageId);
    // Ephemeral messages exist only for their recipient and the interaction webhook.
    if (!message || message.deleted || message.channelId !== channelId || message.flags & MessageFlag.Ephemeral) {
      throw ApiErrors.unknownMessage();
    }
    return message;
  };

  const requireSendPermissions = (permissions: bigint, body: Json): void => {
    if (!hasPermission(permissions, Permission.SendMessages)) throw ApiErrors.missingPermissions();
    const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
    if (hasEmbeds && !hasPermission(permissions, Permission.EmbedLinks)) throw ApiErrors.missingPermissions();
  };

  const listMessages = (request: RestRequest) => {
    const { permissions } = requireBotChannel(context, request.params.channel_id);
    // Without Read Message History Discord returns an empty list rather than an error.
    if (!hasPermission(permissions, Permission.ReadMessageHistory)) return { status: 200, body: [] };
    const limit = Math.min(100, Math.max(1, Number(request.query.get('limit') ?? 50)));
    const before = request.query.get('before');
    const after = request.query.get('after');
    let messages = state.channelMessages(request.params.channel_id);
    if (before) messages = messages.filter((message) => BigInt(message.id) < BigInt(before));
    if (after) messages = messages.filter((message) => BigInt(message.id) > BigInt(after));
    // Newest first, as Discord returns them.
    const page = after ? messages.slice(0, limit).reverse() : messages.slice(-limit).reverse();
    return { status: 200, body: page.map((message) => toApiMessage(state, message)) };
  };

  return [
    {
      method: 'GET',
      template: '/channels/:channel_id',
      majorParam: 'channel_id',
      handler: (request) => ({ status: 200, body: toApiChannel(requireBotChannel(context, request.params.channel_id).channel) }),
    },
    { method: 'GET', template: '/channels/:channel_id/messages', majorParam: 'channel_id', handler: listMessages },
    {
      method: 'POST',
      template: '/channels/:channel_id/messages',
      majorParam: 'channel_id',
      handler: (request) => {
        const { guild, channel, permissions } = requireBotChannel(context, request.params.channel_id);
        const body: Json = request.body ?? {};
        requireSendPermissions(permissions, body);
        validateMessageBody(body, false);
        if (body.flags & MessageFlag.Ephemeral) {
          throw ApiErrors.invalidFormBody({ flags: { _errors: [{ code: 'MESSAGE_FLAGS_INVALID', message: 'Ephemeral messages can only be sent as interaction responses.' }] } });
        }
        const message = createMessage(context, { channelId: channel.id, guildId: guild.id }, body);
        return { status: 200, body: toApiMessage(state, message) };
      },
    },
    {
      method: 'GET',
      template: '/channels/:channel_id/messages/:message_id',
      majorParam: 'channel_id',
      handler: (request) => {
        const { permissions } = requireBotChannel(context, request.params.channel_id);
        if (!hasPermission(permissions, Permission.ReadMessageHistory)) throw ApiErrors.missingAccess();
        return { status: 200, body: toApiMessage(state, findMessage(request.params.channel_id, request.params.message_id)) };
      },
    },
    {
      method: 'PATCH',
      template: '/channels/:channel_id/messages/:message_id',
      majorParam: 'channel_id',
      handler: (request) => {
        const { permissions } = requireBotChannel(context, request.params.channel_id);
        const message = findMessage(request.params.channel_id, request.params.message_id);
        if (message.authorId !== state.botUser.id) throw ApiErrors.cannotEditOthersMessage();
        const body: Json = request.body ?? {};
        const addsEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
        if (addsEmbeds && !hasPermission(permissions, Permission.EmbedLinks)) throw ApiErrors.missingPermissions();
        validateMessageBody(body, true);
        applyMessageBody(message, body);
        message.editedTimestamp = new Date().toISOString();
        context.gateway.dispatch('MESSAGE_UPDATE', messageEvent(context, message), message.guildId);
        return { status: 200, body: toApiMessage(state, message) };
      },
    },
    {
      method: 'DELETE',
      template: '/channels/:channel_id/messages/:message_id',
      majorParam: 'channel_id',
      handler: (request) => {
        const { permissions } = requireBotChannel(context, request.params.channel_id);
        const message = findMessage(request.params.channel_id, request.params.message_id);
        if (message.authorId !== state.botUser.id && !hasPermission(permissions, Permission.ManageMessages)) {
          throw ApiErrors.missingPermissions();
        }
        deleteMessage(context, message);
        return { status: 204 };
      },
    },
  ];
}
