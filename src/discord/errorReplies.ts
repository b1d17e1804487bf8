import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type Interaction } from 'discord.js';
import { QueryFailedError } from 'typeorm';
import { DatabaseUnavailableError, UserError } from '../errors';
import type { Logger } from '../logger';
import { NO_MENTIONS } from './panelMessage';

/**
 * Errors that mean "the database cannot serve this right now": network and server-state
 * codes of PostgreSQL, and SQLite's busy and locked codes, which better-sqlite3 raises once
 * another connection has held a write lock for longer than busy_timeout.
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300', 'SQLITE_BUSY', 'SQLITE_LOCKED']);

/** True when `error` means the database is down or unreachable, as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const candidate = error instanceof QueryFailedError ? error.driverError : error;
  if (!(candidate instanceof Error)) return false;
  const code = (candidate as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Driver not Connected|Client has encountered a connection error/i.test(
    candidate.message,
  );
}

/** Turns a Discord API error the bot can explain into a sentence for the user; null when it cannot. */
export function describeDiscordError(error: DiscordAPIError): string | null {
  switch (error.code) {
    case RESTJSONErrorCodes.MissingPermissions:
      return 'Discord rejected the change because the bot lacks a permission it needs (Manage Roles, or a role high enough). Nothing was changed; please tell a server admin.';
    case RESTJSONErrorCodes.MissingAccess:
      return 'The bot cannot see that channel. Give it the View Channel permission there, then try again.';
    case RESTJSONErrorCodes.UnknownRole:
      return 'That role no longer exists on this server. Nothing was changed.';
    case RESTJSONErrorCodes.UnknownMessage:
      return 'That message no longer exists. Nothing was changed.';
    case RESTJSONErrorCodes.UnknownChannel:
      return 'That channel no longer exists. Nothing was changed.';
    case RESTJSONErrorCodes.UnknownMember:
      return 'You are no longer a member of this server, so nothing was changed.';
    default:
      return null;
  }
}

/** Discord codes for an interaction that can no longer get a response: expired (10062) or already acknowledged (40060). */
const UNANSWERABLE = new Set<unknown>([RESTJSONErrorCodes.UnknownInteraction, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged]);

/**
 * The one error path: replies ephemerally with what went wrong, in words the user can act
 * on, and logs what was not expected with its stack and ids. Never throws.
 */
export async function replyWithError(interaction: Interaction, error: unknown, logger: Logger): Promise<void> {
  const ids = {
    interactionId: interaction.id,
    guildId: interaction.guildId,
    userId: interaction.user.id,
    customId: 'customId' in interaction ? interaction.customId : undefined,
  };

  let message: string;
  if (error instanceof UserError) {
    message = error.userMessage;
    logger.debug('Interaction rejected with a user error', { ...ids, reason: error.message });
  } else if (isDatabaseUnavailable(error)) {
    message = new DatabaseUnavailableError(error).userMessage;
    logger.warn('Database unavailable while handling an interaction', { ...ids, error: errorText(error) });
  } else if (error instanceof DiscordAPIError && UNANSWERABLE.has(error.code)) {
    logger.warn('Interaction could not be answered', { ...ids, code: error.code, error: error.message });
    return;
  } else if (error instanceof DiscordAPIError && describeDiscordError(error) !== null) {
    message = describeDiscordError(error) as string;
    logger.warn('Discord rejected a request', { ...ids, code: error.code, status: error.status, url: error.url });
  } else {
    message = 'Something went wrong on the bot\'s side and nothing was changed. Please try again; if it keeps failing, tell a server admin.';
    logger.error('Interaction handler failed', { ...ids, error: errorText(error), stack: error instanceof Error ? error.stack : undefined });
  }

  if (!interaction.isRepliable()) return;
  try {
    if (interaction.deferred || interaction.replied) {
      await interaction.editReply({ content: message, embeds: [], components: [], allowedMentions: NO_MENTIONS });
    } else {
      await interaction.reply({ content: message, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }
  } catch (replyError) {
    logger.warn('Could not send the error reply', { ...ids, error: errorText(replyError) });
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
