import type { FakeContext } from './context';
import { applyMessageBody, createMessage, deleteMessage, messageEvent } from './context';
import { ApiErrors } from './errors';
import type { RestRequest, RouteDefinition } from './http';
import type { InteractionRecord } from './interactions';
import { CallbackType, InteractionType } from './interactions';
import type { Json, MessageRecord } from './model';
import { MessageFlag, toApiMessage } from './model';
import { validateChoices, validateMessageBody, validateModal } from './validate';

/** Callback types Discord accepts for each interaction type. */
function allowedCallbackTypes(interaction: InteractionRecord): number[] {
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
      return [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource, CallbackType.Modal];
    case InteractionType.MessageComponent:
      return [
        CallbackType.ChannelMessageWithSource,
        CallbackType.DeferredChannelMessageWithSource,
        CallbackType.DeferredUpdateMessage,
        CallbackType.UpdateMessage,
        CallbackType.Modal,
      ];
    case InteractionType.ApplicationCommandAutocomplete:
      return [CallbackType.ApplicationCommandAutocompleteResult];
    case InteractionType.ModalSubmit:
      // Updating a message is possible only when the modal was opened from a component on that message.
      return interaction.payload.message
        ? [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource, CallbackType.DeferredUpdateMessage, CallbackType.UpdateMessage]
        : [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource];
    default:
      return [];
  }
}

/** Routes of the interaction callback and the interaction-token webhooks; none of them takes an Authorization header. */
export function interactionRoutes(context: FakeContext): RouteDefinition[] {
  const { state, interactions } = context;

  const componentMessage = (interaction: InteractionRecord): MessageRecord | undefined => {
    const id = interaction.payload.message?.id;
    return id ? state.messages.get(id) : undefined;
  };

  const responseMessageFields = (interaction: InteractionRecord): Partial<MessageRecord> & { channelId: string; guildId: string } => {
    const user = state.users.get(interaction.userId);
    return {
      channelId: interaction.channelId,
      guildId: interaction.guildId,
      webhookId: state.applicationId,
      applicationId: state.applicationId,
      // 20 is the type of a reply to a slash command, 19 a reply to anything else.
      type: interaction.type === InteractionType.ApplicationCommand ? 20 : 19,
      referencedMessageId: interaction.payload.message?.id ?? null,
      interactionMetadata: {
        id: interaction.id,
        type: interaction.type,
        user: user ? { id: user.id, username: user.username, global_name: user.globalName, discriminator: '0', avatar: null } : undefined,
        authorizing_integration_owners: { '0': interaction.guildId },
        ...(interaction.type === InteractionType.ApplicationCommand ? { name: interaction.payload.data.name, command_type: 1 } : {}),
        ...(interaction.payload.message ? { interacted_message_id: interaction.payload.message.id } : {}),
      },
    };
  };

  const callback = (request: RestRequest) => {
    const interaction = interactions.get(request.params.interaction_id);
    if (!interaction || interaction.token !== request.params.interaction_token) throw ApiErrors.unknownInteraction();
    if (Date.now() - interaction.createdAtMs > context.timing.interactionAckTimeoutMs) throw ApiErrors.unknownInteraction();
    if (interaction.callbackType !== null) throw ApiErrors.alreadyAcknowledged();

    const body: Json = request.body ?? {};
    const type = body.type;
    if (!allowedCallbackTypes(interaction).includes(type)) {
      throw ApiErrors.invalidFormBody({
        type: { _errors: [{ code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: `Callback type ${type} is not valid for interaction type ${interaction.type}.` }] },
      });
    }
    const data: Json = body.data ?? {};
    let message: MessageRecord | undefined;

    switch (type) {
      case CallbackType.ChannelMessageWithSource:
        validateMessageBody(data, false);
        message = createMessage(context, responseMessageFields(interaction), data);
        interaction.originalMessageId = message.id;
        break;
      case CallbackType.DeferredChannelMessageWithSource:
        message = createMessage(context, { ...responseMessageFields(interaction), flags: MessageFlag.Loading }, { flags: data.flags ?? 0 });
        interaction.originalMessageId = message.id;
        break;
      case CallbackType.DeferredUpdateMessage:
        interaction.originalMessageId = componentMessage(interaction)?.id ?? null;
        break;
      case CallbackType.UpdateMessage: {
        validateMessageBody(data, true);
        message = componentMessage(interaction);
        if (!message || message.deleted) throw ApiErrors.unknownMessage();
        applyMessageBody(message, data);
        message.editedTimestamp = new Date().toISOString();
        interaction.originalMessageId = message.id;
        if (!(message.flags & MessageFlag.Ephemeral)) context.gateway.dispatch('MESSAGE_UPDATE', messageEvent(context, message), message.guildId);
        break;
      }
      case CallbackType.ApplicationCommandAutocompleteResult:
        validateChoices(data);
        interaction.choices = data.choices;
        break;
      case CallbackType.Modal:
        validateModal(data);
        interaction.modal = data;
        break;
    }

    interaction.callbackType = type;
    interaction.callbackAt = request.receivedAt;
    interactions.touch(interaction, { kind: 'callback', messageId: message?.id ?? null });

    if (request.query.get('with_response') !== 'true') return { status: 204 };
    const resource: Json = { type };
    if (message) resource.message = toApiMessage(state, message);
    return {
      status: 200,
      body: {
        interaction: {
          id: interaction.id,
          type: interaction.type,
          response_message_id: message?.id,
          response_message_loading: message ? (message.flags & MessageFlag.Loading) !== 0 : undefined,
          response_message_ephemeral: message ? (message.flags & MessageFlag.Ephemeral) !== 0 : undefined,
        },
        resource,
      },
    };
  };

  /** Finds the interaction of a webhook path, throwing Discord's errors for unknown or expired tokens. */
  const webhookInteraction = (request: RestRequest): InteractionRecord => {
    const interaction = interactions.getByToken(request.params.interaction_token);
    if (!interaction || request.params.application_id !== state.applicationId) throw ApiErrors.unknownWebhook();
    if (Date.now() - interaction.createdAtMs > context.timing.interactionTokenTtlMs) throw ApiErrors.invalidWebhookToken();
    if (interaction.callbackType === null) throw ApiErrors.unknownWebhook();
    return interaction;
  };

  const originalMessage = (interaction: InteractionRecord): MessageRecord => {
    const message = interaction.originalMessageId ? state.messages.get(interaction.originalMessageId) : undefined;
    if (!message || message.deleted) throw ApiErrors.unknownMessage();
    return message;
  };

  const followUpMessage = (interaction: InteractionRecord, messageId: string): MessageRecord => {
    const belongs = interaction.followUpMessageIds.includes(messageId) || interaction.originalMessageId === messageId;
    const message = state.messages.get(messageId);
    if (!belongs || !message || message.deleted) throw ApiErrors.unknownMessage();
    return message;
  };

  const editMessage = (interaction: InteractionRecord, message: MessageRecord, body: Json): Json => {
    validateMessageBody(body ?? {}, true);
    const wasLoading = (message.flags & MessageFlag.Loading) !== 0;
    applyMessageBody(message, body ?? {});
    message.flags &= ~MessageFlag.Loading;
    if (wasLoading) {
      // The first edit of a deferred reply is the reply itself, and it must not end up empty.
      const empty = message.content === '' && message.embeds.length === 0 && message.components.length === 0;
      if (empty) {
        message.flags |= MessageFlag.Loading;
        throw ApiErrors.emptyMessage();
      }
    } else {
      message.editedTimestamp = new Date().toISOString();
    }
    if (!(message.flags & MessageFlag.Ephemeral)) context.gateway.dispatch('MESSAGE_UPDATE', messageEvent(context, message), message.guildId);
    return toApiMessage(state, message);
  };

  const webhookRoute = (method: string, template: string, handler: RouteDefinition['handler']): RouteDefinition => ({
    method,
    template,
    handler,
    requiresAuth: false,
    exemptFromGlobal: true,
    majorParam: 'interaction_token',
  });

  const base = '/webhooks/:application_id/:interaction_token';
  return [
    {
      method: 'POST',
      template: '/interactions/:interaction_id/:interaction_token/callback',
      handler: callback,
      requiresAuth: false,
      exemptFromGlobal: true,
      majorParam: 'interaction_id',
    },
    webhookRoute('GET', `${base}/messages/@original`, (request) => {
      const interaction = webhookInteraction(request);
      return { status: 200, body: toApiMessage(state, originalMessage(interaction)) };
    }),
    webhookRoute('PATCH', `${base}/messages/@original`, (request) => {
      const interaction = webhookInteraction(request);
      const body = editMessage(interaction, originalMessage(interaction), request.body);
      interactions.touch(interaction, { kind: 'edit-original', messageId: body.id });
      return { status: 200, body };
    }),
    webhookRoute('DELETE', `${base}/messages/@original`, (request) => {
      const interaction = webhookInteraction(request);
      const message = originalMessage(interaction);
      deleteMessage(context, message);
      interactions.touch(interaction, { kind: 'delete-original', messageId: message.id });
      return { status: 204 };
    }),
    webhookRoute('POST', base, (request) => {
      const interaction = webhookInteraction(request);
      const body: Json = request.body ?? {};
      validateMessageBody(body, false);
      const fields = { ...responseMessageFields(interaction), type: 0 };
      const message = createMessage(context, fields, body);
      interaction.followUpMessageIds.push(message.id);
      interactions.touch(interaction, { kind: 'follow-up', messageId: message.id });
      return { status: 200, body: toApiMessage(state, message) };
    }),
    webhookRoute('GET', `${base}/messages/:message_id`, (request) => {
      const interaction = webhookInteraction(request);
      return { status: 200, body: toApiMessage(state, followUpMessage(interaction, request.params.message_id)) };
    }),
    webhookRoute('PATCH', `${base}/messages/:message_id`, (request) => {
      const interaction = webhookInteraction(request);
      const body = editMessage(interaction, followUpMessage(interaction, request.params.message_id), request.body);
      interactions.touch(interaction, { kind: 'edit-follow-up', messageId: body.id });
      return { status: 200, body };
    }),
    webhookRoute('DELETE', `${base}/messages/:message_id`, (request) => {
      const interaction = webhookInteraction(request);
      const message = followUpMessage(interaction, request.params.message_id);
      deleteMessage(context, message);
      interactions.touch(interaction, { kind: 'delete-follow-up', messageId: message.id });
      return { status: 204 };
    }),
  ];
}
