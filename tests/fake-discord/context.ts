import { ApiErrors } from './errors';
import type { Gateway } from './gateway';
import type { InteractionStore } from './interactions';
import type { ChannelRecord, FakeState, GuildRecord, Json, MessageRecord } from './model';
import { MessageFlag, toApiMessage } from './model';
import { computeChannelPermissions, hasPermission, Permission } from './permissions';
import { generateSnowflake } from './snowflake';

/** Timing rules of the fake, all in milliseconds. */
export interface TimingOptions {
  /** Discord fails an interaction that is not acknowledged within 3 s. */
  interactionAckTimeoutMs: number;
  /** Interaction tokens stay valid for 15 minutes. */
  interactionTokenTtlMs: number;
}

/** What the route modules share: the world, the interactions and the gateway. */
export interface FakeContext {
  state: FakeState;
  interactions: InteractionStore;
  gateway: Gateway;
  timing: TimingOptions;
  /** http://127.0.0.1:PORT, set once the server listens. */
  baseUrl(): string;
}

/** Looks up a channel the bot can view; throws Discord's error when it cannot. */
export function requireBotChannel(context: FakeContext, channelId: string): { guild: GuildRecord; channel: ChannelRecord; permissions: bigint } {
  const found = context.state.findChannel(channelId);
  if (!found || !found.guild.botIsMember) throw ApiErrors.unknownChannel();
  const permissions = computeChannelPermissions(found.guild, context.state.botMember(found.guild), found.channel);
  if (!hasPermission(permissions, Permission.ViewChannel)) throw ApiErrors.missingAccess();
  return { ...found, permissions };
}

/** Copies the editable fields of a message body onto a message. */
export function applyMessageBody(message: MessageRecord, body: Json): void {
  if (body.content !== undefined) message.content = body.content ?? '';
  if (body.embeds !== undefined) message.embeds = (body.embeds ?? []).map(normalizeEmbed);
  if (body.components !== undefined) message.components = body.components ?? [];
  if (body.flags !== undefined && body.flags !== null) {
    // Only Suppress Embeds and Components V2 can be changed after sending; Ephemeral is fixed at creation.
    const changeable = MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2;
    message.flags = (message.flags & ~changeable) | (body.flags & changeable);
  }
}

/** Discord stores every embed sent by a bot as type "rich". */
function normalizeEmbed(embed: Json): Json {
  return { type: 'rich', ...embed };
}

/** Creates and stores a message; dispatches MESSAGE_CREATE unless it is ephemeral. */
export function createMessage(
  context: FakeContext,
  fields: Partial<MessageRecord> & { channelId: string; guildId: string | null },
  body: Json,
): MessageRecord {
  const message: MessageRecord = {
    id: generateSnowflake(),
    authorId: context.state.botUser.id,
    webhookId: null,
    applicationId: null,
    type: 0,
    content: '',
    embeds: [],
    components: [],
    flags: 0,
    timestamp: new Date().toISOString(),
    editedTimestamp: null,
    interactionMetadata: null,
    referencedMessageId: null,
    deleted: false,
    ...fields,
  };
  applyMessageBody(message, body);
  // Only these flags may be set when sending (API v10).
  const creatable = MessageFlag.SuppressEmbeds | MessageFlag.Ephemeral | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2;
  message.flags |= (body.flags ?? 0) & creatable;
  context.state.messages.set(message.id, message);

  const channel = context.state.findChannel(message.channelId)?.channel;
  if (!(message.flags & MessageFlag.Ephemeral)) {
    if (channel) channel.lastMessageId = message.id;
    context.gateway.dispatch('MESSAGE_CREATE', messageEvent(context, message), message.guildId);
  }
  return message;
}

/** Builds the MESSAGE_CREATE or MESSAGE_UPDATE payload of a message. */
export function messageEvent(context: FakeContext, message: MessageRecord): Json {
  return { ...toApiMessage(context.state, message), guild_id: message.guildId ?? undefined };
}

/** Marks a message deleted and dispatches MESSAGE_DELETE unless it was ephemeral. */
export function deleteMessage(context: FakeContext, message: MessageRecord): void {
  message.deleted = true;
  if (message.flags & MessageFlag.Ephemeral) return;
  context.gateway.dispatch(
    'MESSAGE_DELETE',
    { id: message.id, channel_id: message.channelId, guild_id: message.guildId ?? undefined },
    message.guildId,
  );
}
