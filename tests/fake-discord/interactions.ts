import type { Json } from './model';

/** Interaction types (API v10). */
export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  ApplicationCommandAutocomplete: 4,
  ModalSubmit: 5,
} as const;

/** Interaction callback types (API v10). */
export const CallbackType = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

/** One thing the bot did with an interaction, in the order the fake received it. */
export interface InteractionEvent {
  kind: 'callback' | 'edit-original' | 'delete-original' | 'follow-up' | 'edit-follow-up' | 'delete-follow-up';
  messageId: string | null;
  at: bigint;
}

/** An interaction the fake dispatched, and every response the bot sent to it. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  /** The INTERACTION_CREATE payload as dispatched. */
  payload: Json;
  /** Date.now() at creation; Discord's 3 s acknowledgement clock and 15 min token lifetime start here. */
  createdAtMs: number;
  /** process.hrtime.bigint() when the dispatch first went out on a socket, if it did. */
  dispatchedAt: bigint | null;
  callbackType: number | null;
  callbackAt: bigint | null;
  /** The message that `@original` refers to: the reply, or for types 6 and 7 the component's message. */
  originalMessageId: string | null;
  followUpMessageIds: string[];
  /** The modal the bot opened (callback type 9), as sent. */
  modal: Json | null;
  /** The autocomplete choices the bot returned (callback type 8). */
  choices: Json[] | null;
  events: InteractionEvent[];
  /** Bumped on every change, so a waiter can tell whether something happened. */
  version: number;
}

type Listener = (interaction: InteractionRecord) => void;

/** Interactions by id and by token, with change listeners for the driver. */
export class InteractionStore {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();
  private readonly listeners = new Map<string, Set<Listener>>();

  add(interaction: InteractionRecord): void {
    this.byId.set(interaction.id, interaction);
    this.byToken.set(interaction.token, interaction);
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  getByToken(token: string): InteractionRecord | undefined {
    return this.byToken.get(token);
  }

  all(): InteractionRecord[] {
    return [...this.byId.values()];
  }

  /** Records a change and wakes every listener of the interaction. */
  touch(interaction: InteractionRecord, event: Omit<InteractionEvent, 'at'>): void {
    interaction.events.push({ ...event, at: process.hrtime.bigint() });
    interaction.version += 1;
    for (const listener of this.listeners.get(interaction.id) ?? []) listener(interaction);
  }

  /** Calls `listener` after each change of the interaction; returns a function that unsubscribes. */
  subscribe(interactionId: string, listener: Listener): () => void {
    let set = this.listeners.get(interactionId);
    if (!set) {
      set = new Set();
      this.listeners.set(interactionId, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }
}
