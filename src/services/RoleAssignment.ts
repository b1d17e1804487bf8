import { HTTPError } from '@discordjs/rest';
import { DiscordAPIError, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { Client } from 'discordx';
import { inject, singleton } from 'tsyringe';
import type { Panel, PanelRole } from '../entities';
import type { Logger } from '../logger';
import { TOKENS } from '../tokens';
import { decideClick, type ClickDecision } from './clickDecision';
import type { ClickGuild } from './guildView';
import { MemberQueue, type MemberRoleChanges } from './memberQueue';
import { PanelStore } from './PanelStore';
import { RejectionLog } from './rejectionLog';
import { checkAssignableRole, compareRolePositions, describeRejectionForMember, type RoleFacts, type RoleRejection } from './roleRules';

/** Discord's limit on the X-Audit-Log-Reason header, in characters. */
const MAX_AUDIT_REASON_LENGTH = 512;
/** The bot's own member is fetched again at most this often per guild, and only after a hierarchy rejection. */
const BOT_MEMBER_REFRESH_MS = 60_000;
/** Waits before the 2nd and 3rd attempt of a member-role request that timed out or got a 5xx. */
const ROLE_REQUEST_BACKOFF_MS = [500, 1500];

/** A member-role request that timed out or failed on Discord's side on every attempt; Discord may still have applied it. */
class RoleRequestUnconfirmedError extends Error {
  constructor(
    readonly roleId: string,
    override readonly cause: unknown,
  ) {
    super(`member-role request for role ${roleId} was not confirmed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RoleRequestUnconfirmedError';
  }
}

/** A role button click as read from the interaction when it arrived. */
export interface RoleClick {
  guild: ClickGuild;
  userId: string;
  /** The message the button is on; it identifies the panel. */
  messageId: string;
  /** The panel role id the custom id carries; null when it is out of range. */
  panelRoleId: number | null;
  /** Role ids the member held when Discord created the interaction. */
  memberRoleIds: ReadonlySet<string>;
}

interface Applied {
  added: string[];
  removed: string[];
}

/** Reason a member-role request failed; `rejected` is true when Discord rejected it, so it was surely not applied. */
interface RoleRequestFailure {
  message: string;
  rejected: boolean;
}

/**
 * Serves role button clicks: loads the clicked panel, checks the role can still be handed
 * out, decides from the panel's mode and the member's roles, and sends the member-role PUT
 * or DELETE. Everything it needs comes from the database and the click, so a panel posted
 * before a restart works after it.
 */
@singleton()
export class RoleAssignment {
  private readonly rest: Client['rest'];
  private readonly log: Logger;
  /** Guild id to the time its bot member was last fetched; entries older than the refresh interval are dropped. */
  private readonly botMemberFetchedAt = new Map<string, number>();

  constructor(
    private readonly store: PanelStore,
    private readonly queue: MemberQueue,
    private readonly rejections: RejectionLog,
    @inject(TOKENS.Client) client: Client,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.rest = client.rest;
    this.log = logger.child({ module: 'role-clicks' });
  }

  /**
   * Serves `click` after the member's earlier clicks, and after `acknowledged` (the
   * deferral) settles. Returns the reply for the member. Clicks of one member run in order,
   * so the second of two quick clicks works on what the first one changed.
   */
  handle(click: RoleClick, acknowledged: Promise<unknown>): Promise<string> {
    return this.queue.run(`${click.guild.id}:${click.userId}`, async (changes) => {
      await acknowledged;
      return this.serve(click, changes);
    });
  }

  private async serve(click: RoleClick, changes: MemberRoleChanges): Promise<string> {
    const { guild } = click;
    const panel = await this.store.findByMessage(guild.id, click.messageId);
    if (panel === null) {
      this.rejections.warn(`panel-deleted:${guild.id}:${click.messageId}`, 'Role click on a message with no panel', {
        guildId: guild.id,
        messageId: click.messageId,
        panelRoleId: click.panelRoleId,
      });
      return 'This panel was deleted, so its buttons no longer do anything. Nothing was changed.';
    }
    const panelRole = panel.roles.find((entry) => entry.id === click.panelRoleId);
    if (panelRole === undefined) {
      this.rejections.warn(`unknown-button:${guild.id}:${panel.id}`, 'Role click with a button id that is not on the panel', {
        guildId: guild.id,
        panelId: panel.id,
        messageId: click.messageId,
        panelRoleId: click.panelRoleId,
      });
      return 'This button is not part of this panel, so nothing was changed. If the panel looks out of date, tell a server admin.';
    }

    const refusal = await this.checkClickedRole(guild, panel, panelRole);
    if (refusal !== null) return refusal;

    const memberRoleIds = changes.applyTo(click.memberRoleIds);
    const decision = decideClick({
      mode: panel.mode,
      maxRoles: panel.maxRoles,
      requiredRoleId: panel.requiredRoleId,
      panelRoleIds: panel.roles.map((entry) => entry.roleId),
      memberRoleIds,
      clickedRoleId: panelRole.roleId,
    });
    if (decision.kind !== 'change') return describeDecision(decision, panelRole.roleId);

    return this.applyChange(click, panel, panelRole.roleId, decision, changes);
  }

  /** Returns the member's reply when the clicked role cannot be handed out now, or null when it can. */
  private async checkClickedRole(guild: ClickGuild, panel: Panel, panelRole: PanelRole): Promise<string | null> {
    const ids = { guildId: guild.id, panelId: panel.id, panelRoleId: panelRole.id, roleId: panelRole.roleId };
    const role = guild.role(panelRole.roleId);
    if (role === undefined) {
      this.rejections.warn(`role-deleted:${guild.id}:${panel.id}:${panelRole.roleId}`, 'Role click on a deleted role', ids);
      return `The role of the "${panelRole.label}" button was deleted from this server, so nothing was changed. Please tell a server admin.`;
    }
    if (!guild.botCanManageRoles()) {
      this.rejections.warn(`no-manage-roles:${guild.id}`, 'Role click while the bot lacks Manage Roles', ids);
      return 'The bot lacks the Manage Roles permission in this server, so it cannot change roles. Nothing was changed; please tell a server admin.';
    }

    const rejection = await this.checkAssignable(guild, role);
    if (rejection !== null) {
      this.rejections.warn(`role-rejected:${guild.id}:${panel.id}:${role.id}`, 'Role click on a role the panel may no longer hand out', {
        ...ids,
        reason: rejection.reason,
      });
      return describeRejectionForMember(role, rejection);
    }
    return null;
  }

  /**
   * Runs the role rules. A rejection for the bot's hierarchy may come from a stale cached bot
   * member, so the bot's member is fetched again (at most once a minute per guild) before
   * the member is turned away.
   */
  private async checkAssignable(guild: ClickGuild, role: RoleFacts): Promise<RoleRejection | null> {
    const rejection = assignability(guild, role);
    if (rejection?.reason !== 'above-bot' || !this.takeBotMemberRefresh(guild.id)) return rejection;
    try {
      await guild.refreshBotMember();
    } catch (error) {
      this.log.warn('Could not fetch the bot member', { guildId: guild.id, error: error instanceof Error ? error.message : String(error) });
      return rejection;
    }
    return assignability(guild, role);
  }

  private takeBotMemberRefresh(guildId: string): boolean {
    const now = Date.now();
    const last = this.botMemberFetchedAt.get(guildId);
    if (last !== undefined && now - last < BOT_MEMBER_REFRESH_MS) return false;
    for (const [id, at] of this.botMemberFetchedAt) {
      if (now - at >= BOT_MEMBER_REFRESH_MS) this.botMemberFetchedAt.delete(id);
    }
    this.botMemberFetchedAt.set(guildId, now);
    return true;
  }

  /**
   * Sends the role changes: the addition first, so a failure never leaves the member with
   * fewer roles than before, then the removals. Other panel roles the bot can no longer
   * manage are left in place and named in the reply.
   */
  private async applyChange(
    click: RoleClick,
    panel: Panel,
    clickedRoleId: string,
    decision: Extract<ClickDecision, { kind: 'change' }>,
    changes: MemberRoleChanges,
  ): Promise<string> {
    const { guild, userId } = click;
    const removable = decision.remove.filter((roleId) => roleId === clickedRoleId || canRemove(guild, roleId));
    const leftInPlace = decision.remove.filter((roleId) => !removable.includes(roleId));
    const reason = auditReason(panel, userId);
    const applied: Applied = { added: [], removed: [] };

    let failure: RoleRequestFailure | null = null;
    try {
      for (const roleId of decision.add) {
        await this.sendRoleRequest('put', guild.id, userId, roleId, reason);
        changes.recordAdded(roleId);
        applied.added.push(roleId);
      }
      for (const roleId of removable) {
        await this.sendRoleRequest('delete', guild.id, userId, roleId, reason);
        changes.recordRemoved(roleId);
        applied.removed.push(roleId);
      }
    } catch (error) {
      failure = this.describeRoleRequestFailure(error, { guildId: guild.id, panelId: panel.id, roleId: clickedRoleId });
    }

    // winston builds the entry before it drops it by level, which every click would pay for.
    if (this.log.isDebugEnabled()) this.log.debug('Role click served', { guildId: guild.id, panelId: panel.id, userId, ...applied });
    return describeApplied(applied, leftInPlace, failure);
  }

  /**
   * Sends one member-role PUT or DELETE, and tries again with backoff when it times out or
   * Discord returns 5xx. Both requests are idempotent, so a repeat of one that Discord did
   * apply changes nothing. Throws RoleRequestUnconfirmedError after the last attempt.
   */
  private async sendRoleRequest(method: 'put' | 'delete', guildId: string, userId: string, roleId: string, reason: string): Promise<void> {
    const route = Routes.guildMemberRole(guildId, userId, roleId);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await (method === 'put' ? this.rest.put(route, { reason }) : this.rest.delete(route, { reason }));
        return;
      } catch (error) {
        if (!isTransientRestError(error)) throw error;
        const backoffMs = ROLE_REQUEST_BACKOFF_MS[attempt - 1];
        if (backoffMs === undefined) throw new RoleRequestUnconfirmedError(roleId, error);
        this.log.warn('Member-role request failed; retrying', { guildId, userId, roleId, method, attempt, backoffMs, error: describeError(error) });
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
      }
    }
  }

  /** Turns Discord's rejection of a member-role request into a sentence; rethrows what it cannot explain. */
  private describeRoleRequestFailure(error: unknown, ids: { guildId: string; panelId: number; roleId: string }): RoleRequestFailure {
    if (error instanceof RoleRequestUnconfirmedError) {
      this.log.warn('Member-role request not confirmed after retries', { ...ids, error: describeError(error.cause) });
      const message =
        `Discord did not confirm the change of <@&${error.roleId}>: it timed out or failed on Discord's side ${ROLE_REQUEST_BACKOFF_MS.length + 1} times. ` +
        'The change may or may not have been applied. Check your roles, and click again shortly if needed.';
      return { message, rejected: false };
    }
    if (!(error instanceof DiscordAPIError)) throw error;
    if (error.code === RESTJSONErrorCodes.MissingPermissions) {
      this.rejections.warn(`discord-50013:${ids.guildId}:${ids.panelId}:${ids.roleId}`, 'Discord rejected a role change for missing permissions', {
        ...ids,
        code: error.code,
      });
      return {
        message: `Discord rejected the change because the bot lacks Manage Roles or its highest role is not above <@&${ids.roleId}>. Please tell a server admin.`,
        rejected: true,
      };
    }
    if (error.code === RESTJSONErrorCodes.UnknownRole) {
      this.rejections.warn(`role-deleted:${ids.guildId}:${ids.panelId}:${ids.roleId}`, 'Role click on a deleted role', { ...ids, code: error.code });
      return { message: 'The role was deleted from this server. Please tell a server admin.', rejected: true };
    }
    throw error;
  }
}

/** True for failures worth another attempt: a timeout, a dropped connection, or a 5xx from Discord. */
function isTransientRestError(error: unknown): boolean {
  if (error instanceof HTTPError) return error.status >= 500;
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return true;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code.startsWith('UND_ERR_'));
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function assignability(guild: ClickGuild, role: RoleFacts): RoleRejection | null {
  // With the bot's member unknown the hierarchy is left to Discord, whose 50013 response is handled.
  const botHighestRole = guild.botHighestRole() ?? { id: guild.id, name: 'unknown', position: Number.POSITIVE_INFINITY };
  return checkAssignableRole(role, { guildId: guild.id, botHighestRole });
}

function canRemove(guild: ClickGuild, roleId: string): boolean {
  const role = guild.role(roleId);
  if (role === undefined || role.managed) return false;
  const botHighestRole = guild.botHighestRole();
  return botHighestRole === undefined || compareRolePositions(role, botHighestRole) < 0;
}

/** Builds the audit log reason, which names the panel and the member so admins can trace a change to its click. */
export function auditReason(panel: Pick<Panel, 'id' | 'title'>, userId: string): string {
  const reason = `Role panel ${panel.id} "${panel.title}": clicked by ${userId}`;
  return reason.length <= MAX_AUDIT_REASON_LENGTH ? reason : `${reason.slice(0, MAX_AUDIT_REASON_LENGTH - 1)}…`;
}

function describeDecision(decision: Exclude<ClickDecision, { kind: 'change' }>, roleId: string): string {
  const mention = `<@&${roleId}>`;
  switch (decision.kind) {
    case 'already-held':
      return `You already have ${mention}. This panel only adds roles, so nothing was changed.`;
    case 'not-held':
      return `You do not have ${mention}. This panel only removes roles, so nothing was changed.`;
    case 'missing-required-role':
      return `You need <@&${decision.requiredRoleId}> to use this panel. Nothing was changed.`;
    case 'max-roles': {
      const held = decision.heldRoleIds.map((id) => `<@&${id}>`).join(', ');
      return `This panel allows at most ${decision.maxRoles} of its roles per member, and you have ${held}. Remove one of them first; nothing was changed.`;
    }
  }
}

function describeApplied(applied: Applied, leftInPlace: string[], failure: RoleRequestFailure | null): string {
  const lines: string[] = [];
  if (applied.added.length > 0) lines.push(`Added ${applied.added.map((id) => `<@&${id}>`).join(', ')}.`);
  if (applied.removed.length > 0) lines.push(`Removed ${applied.removed.map((id) => `<@&${id}>`).join(', ')}.`);
  if (leftInPlace.length > 0) {
    lines.push(`${leftInPlace.map((id) => `<@&${id}>`).join(', ')} stayed because the bot can no longer manage it.`);
  }
  if (failure !== null) {
    lines.push(failure.message);
    if (failure.rejected && applied.added.length === 0 && applied.removed.length === 0) lines.push('Nothing was changed.');
  }
  return lines.join('\n');
}
