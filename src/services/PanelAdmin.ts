import type { GuildTextBasedChannel } from 'discord.js';
import { injectable } from 'tsyringe';
import type { Panel, PanelButtonStyle, PanelMode } from '../entities';
import { VersionConflictError } from '../errors';
import { PanelPublisher, type PostOutcome, type RefreshOutcome } from './PanelPublisher';
import { PanelNotFoundError, PanelStore, type PanelFields, type PanelSummary } from './PanelStore';
import { checkAssignableRole, describeRejectionForAdmin, type AssignabilityContext, type RoleFacts } from './roleRules';
import {
  MAX_PANEL_ROLES,
  ValidationError,
  parseButtonStyle,
  parseColor,
  parseEmoji,
  parseMaxRoles,
  quoteValue,
  truncate,
  validateDescription,
  validateLabel,
  validateMaxRolesAtCreate,
  validateTitle,
} from './validation';

/** Discord shows at most 25 autocomplete choices, each name at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_CHOICE_NAME_LENGTH = 100;

export interface CreatePanelInput {
  title: string;
  description?: string | null;
  color?: string | null;
  mode?: PanelMode | null;
  maxRoles?: number | null;
  requiredRole?: Pick<RoleFacts, 'id' | 'name'> | null;
}

export interface PanelTextInput {
  title: string;
  description?: string | null;
  color: string | null;
}

export interface PanelRoleInput {
  label?: string | null;
  emoji?: string | null;
  style?: string | null;
}

/** The panel as stored after a change, and sentences for the admin about what else happened. */
export interface ChangeResult {
  panel: Panel;
  notes: string[];
  /** Set when the posted message turned out to be deleted: the channel to post it again in. */
  repostChannelId: string | null;
}

/**
 * What admins do to panels: validate their input, store it through PanelStore, and keep a
 * posted message in step through PanelPublisher. Handlers call this and only reply.
 */
@injectable()
export class PanelAdmin {
  constructor(
    private readonly store: PanelStore,
    private readonly publisher: PanelPublisher,
  ) {}

  /**
   * Finds a panel of `guildId` by id (as `/panel list` shows it) or by its exact title.
   * An id is tried first, so a panel titled with another panel's id is reached by title
   * only when no panel has that id.
   */
  async resolvePanel(guildId: string, input: string): Promise<Panel> {
    const text = input.trim();
    const id = /^\d{1,10}$/.test(text) ? Number(text) : null;
    if (id !== null && id > 0 && id <= 2147483647) {
      const byId = await this.store.findWithRoles(guildId, id);
      if (byId !== null) return byId;
    }

    const byTitle = await this.store.findByTitle(guildId, text);
    if (byTitle.length === 1) return this.requirePanel(guildId, byTitle[0].id);
    if (byTitle.length > 1) {
      throw new ValidationError(
        `${byTitle.length} panels are titled ${quoteValue(text)}: ids ${byTitle.map((panel) => panel.id).join(', ')}. Give the panel's id instead of its title.`,
      );
    }
    throw new ValidationError(`No panel with the id or title ${quoteValue(text)} exists in this server. Run /panel list to see this server's panels and their ids.`);
  }

  async requirePanel(guildId: string, panelId: number): Promise<Panel> {
    const panel = await this.store.findWithRoles(guildId, panelId);
    if (panel === null) throw new PanelNotFoundError(panelId);
    return panel;
  }

  /** Loads the panel and rejects an editor control rendered from an older version. */
  async requireVersion(guildId: string, panelId: number, version: number): Promise<Panel> {
    const panel = await this.requirePanel(guildId, panelId);
    if (panel.version !== version) throw new VersionConflictError(panelId);
    return panel;
  }

  /** Autocomplete choices for the `panel` option: the guild's panels whose id or title contains `typed`. */
  async suggestPanels(guildId: string, typed: string): Promise<Array<{ name: string; value: string }>> {
    const needle = typed.trim().toLowerCase();
    const panels = await this.store.listByGuild(guildId);
    return panels
      .filter((panel) => needle === '' || panel.title.toLowerCase().includes(needle) || String(panel.id).startsWith(needle))
      .slice(0, MAX_CHOICES)
      .map((panel) => ({ name: truncate(`${panel.id}: ${panel.title}`, MAX_CHOICE_NAME_LENGTH), value: String(panel.id) }));
  }

  async list(guildId: string): Promise<PanelSummary[]> {
    return this.store.listByGuild(guildId);
  }

  async create(guildId: string, input: CreatePanelInput): Promise<Panel> {
    const title = validateTitle(input.title);
    const description = validateDescription(input.description);
    const color = parseColor(input.color);
    const maxRoles = validateMaxRolesAtCreate(input.maxRoles);
    if (input.requiredRole && input.requiredRole.id === guildId) throw everyoneRequiredError();

    const panel = await this.store.create(guildId, {
      title,
      description,
      color,
      mode: input.mode ?? 'toggle',
      maxRoles,
      requiredRoleId: input.requiredRole?.id ?? null,
    });
    return this.requirePanel(guildId, panel.id);
  }

  /** `description` undefined keeps the stored one (the modal leaves out descriptions too long for a text input). */
  async updateText(guildId: string, panelId: number, input: PanelTextInput, expectedVersion: number): Promise<string[]> {
    const changes: Partial<PanelFields> = { title: validateTitle(input.title), color: parseColor(input.color) };
    if (input.description !== undefined) changes.description = validateDescription(input.description);
    await this.store.update(guildId, panelId, changes, expectedVersion);
    return ['Title, description and color saved.'];
  }

  /**
   * Checks that `role` may go on `panel`: the role rules for `context`, no second button
   * for the same role, and room under the 25-button limit. Throws ValidationError.
   */
  checkRoleForPanel(panel: Panel, role: RoleFacts, context: AssignabilityContext): void {
    const rejection = checkAssignableRole(role, context);
    if (rejection !== null) throw new ValidationError(describeRejectionForAdmin(role, rejection));
    if (panel.roles.some((entry) => entry.roleId === role.id)) {
      throw new ValidationError(`<@&${role.id}> is already on panel ${panel.id}. Each role can have one button per panel; change or remove the existing button instead.`);
    }
    if (panel.roles.length >= MAX_PANEL_ROLES) {
      throw new ValidationError(`Panel ${panel.id} already has ${MAX_PANEL_ROLES} roles, the most Discord can show on one message. Remove a role first.`);
    }
  }

  /** Validates and adds a role button; `expectedVersion` is given by the editor, not by `/panel add-role`. */
  async addRole(panel: Panel, role: RoleFacts, input: PanelRoleInput, context: AssignabilityContext, expectedVersion?: number): Promise<string[]> {
    this.checkRoleForPanel(panel, role, context);
    const label = validateLabel(input.label, role.name);
    const emoji = parseEmoji(input.emoji);
    const style: PanelButtonStyle = parseButtonStyle(input.style, 'secondary');

    await this.store.addRole(panel.guildId, panel.id, { roleId: role.id, label, emoji, style }, expectedVersion);
    return [`Added <@&${role.id}> as ${quoteValue(label)}.`];
  }

  async removeRole(guildId: string, panelId: number, which: { roleId: string } | { panelRoleId: number }, expectedVersion?: number): Promise<string[]> {
    const removal = await this.store.removeRoleAndClamp(guildId, panelId, which, expectedVersion);
    if (removal === null) {
      const role = 'roleId' in which ? `<@&${which.roleId}>` : 'That role';
      throw new ValidationError(`${role} is not on panel ${panelId}, so nothing was removed. Run /panel edit to see the panel's roles.`);
    }

    const notes = [`Removed <@&${removal.removed.roleId}>.`];
    if (removal.maxRolesBefore !== removal.maxRolesAfter) {
      notes.push(
        removal.maxRolesAfter === null
          ? 'The panel has no roles left, so its max-roles limit was removed.'
          : `max-roles was ${removal.maxRolesBefore}, more than the ${removal.maxRolesAfter} roles left, so it was lowered to ${removal.maxRolesAfter}.`,
      );
    }
    return notes;
  }

  async moveRole(guildId: string, panelId: number, panelRoleId: number, direction: -1 | 1, expectedVersion: number): Promise<string[]> {
    const moved = await this.store.moveRole(guildId, panelId, panelRoleId, direction, expectedVersion);
    const note = moved ? `Moved the role ${direction < 0 ? 'up' : 'down'}.` : `The role is already at the ${direction < 0 ? 'top' : 'bottom'}.`;
    return [note];
  }

  async setMode(guildId: string, panelId: number, mode: PanelMode, expectedVersion: number): Promise<string[]> {
    await this.store.update(guildId, panelId, { mode }, expectedVersion);
    return [`Mode set to ${mode}.`];
  }

  /** Sets max-roles from the editor's text field; `roleCount` is the count the editor showed. */
  async setMaxRoles(guildId: string, panelId: number, raw: string, roleCount: number, expectedVersion: number): Promise<string[]> {
    const maxRoles = parseMaxRoles(raw, roleCount);
    await this.store.update(guildId, panelId, { maxRoles }, expectedVersion);
    return [maxRoles === null ? 'max-roles removed: members may hold all of the panel\'s roles.' : `max-roles set to ${maxRoles}.`];
  }

  async setRequiredRole(guildId: string, panelId: number, role: Pick<RoleFacts, 'id'> | null, expectedVersion: number): Promise<string[]> {
    if (role !== null && role.id === guildId) throw everyoneRequiredError();
    await this.store.update(guildId, panelId, { requiredRoleId: role?.id ?? null }, expectedVersion);
    return [role === null ? 'Anyone may now use the panel.' : `Only members with <@&${role.id}> may now use the panel.`];
  }

  /**
   * Throws a ValidationError when `panel` cannot be posted in `channel`: no roles yet, or a
   * permission the bot lacks there. Cheap, so handlers run it before acknowledging.
   */
  checkPostable(panel: Panel, channel: GuildTextBasedChannel): void {
    if (panel.roles.length === 0) {
      throw new ValidationError(`Panel ${panel.id} has no roles yet, so members would see no buttons. Add a role with /panel add-role or the editor first.`);
    }
    const missing = this.publisher.missingPostPermission(channel);
    if (missing !== null) {
      throw new ValidationError(
        `The bot lacks the ${missing} permission in <#${channel.id}>, so it cannot post the panel there. Grant it in that channel's permissions, or pick another channel.`,
      );
    }
  }

  /** Posts or updates the panel, then reloads it so the reply shows the stored state. */
  async post(guildId: string, panelId: number, channel: GuildTextBasedChannel, expectedVersion?: number): Promise<{ outcome: PostOutcome; panel: Panel }> {
    const outcome = await this.publisher.post(guildId, panelId, channel, expectedVersion);
    return { outcome, panel: await this.requirePanel(guildId, panelId) };
  }

  /** Deletes the panel and its roles from the database. Returns the deleted panel. */
  async delete(guildId: string, panelId: number, expectedVersion?: number): Promise<Panel> {
    const panel = await this.store.delete(guildId, panelId, expectedVersion);
    if (panel === null) throw new PanelNotFoundError(panelId);
    return panel;
  }

  /** Deletes a deleted panel's posted message; a message that is already gone is fine. */
  async removePostedMessage(panel: Panel): Promise<void> {
    await this.publisher.removePostedMessage(panel);
  }

  /**
   * Re-renders the posted message after a change and reloads the panel for the reply.
   * Handlers call it after acknowledging, because the edit is a Discord request.
   */
  async finishChange(guildId: string, panelId: number, notes: string[]): Promise<ChangeResult> {
    const refresh = await this.publisher.refresh(guildId, panelId);
    const panel = await this.requirePanel(guildId, panelId);
    const note = describeRefresh(refresh);
    return {
      panel,
      notes: note === null ? notes : [...notes, note],
      repostChannelId: refresh.kind === 'missing' && refresh.channelExists ? refresh.channelId : null,
    };
  }
}

/** Tells the admin what happened to the posted message; null when the panel is not posted. */
export function describeRefresh(refresh: RefreshOutcome): string | null {
  switch (refresh.kind) {
    case 'not-posted':
      return null;
    case 'updated':
      return `The posted message was updated: ${refresh.url}`;
    case 'missing':
      return refresh.channelExists
        ? `The posted message in <#${refresh.channelId}> was deleted, so members no longer see this panel. Use Post again to post it there, or /panel post to pick another channel.`
        : `The channel the panel was posted in no longer exists, so members no longer see this panel. Post it in another channel with /panel post.`;
    case 'failed':
      return `The change was saved, but the posted message could not be updated: ${refresh.reason}. Fix that, then use Post to update it.`;
  }
}

function everyoneRequiredError(): ValidationError {
  return new ValidationError('@everyone cannot be the required role because every member has it. Leave required-role empty to let everyone use the panel.');
}
