import type { RoleSelectMenuInteraction, StringSelectMenuInteraction } from 'discord.js';
import { Discord, SelectMenuComponent } from 'discordx';
import { injectable } from 'tsyringe';
import { assignabilityFor, requireEditorTarget, requireManageRoles, requireRole, toRoleFacts } from '../discord/adminInteraction';
import { EDITOR_PATTERNS } from '../discord/customIds';
import { buildEditorMessage, buildRoleModal } from '../discord/editorView';
import { PanelAdmin } from '../services/PanelAdmin';
import { parseMode } from '../services/validation';

/**
 * The editor's select menus. Like every editor change, a choice is validated and stored
 * before the acknowledgement, so a rejection arrives as a new ephemeral reply and leaves
 * the editor in place.
 */
@Discord()
@injectable()
export class EditorSelects {
  constructor(private readonly admin: PanelAdmin) {}

  /** Checks the picked role against the rules at once, then opens the modal for its label, emoji and style. */
  @SelectMenuComponent({ id: EDITOR_PATTERNS.action.add })
  async addRole(interaction: RoleSelectMenuInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.action.add, interaction.customId);
    const panel = await this.admin.requireVersion(interaction.guildId, target.panelId, target.version);
    const role = requireRole(interaction.guild, interaction.values[0]);

    this.admin.checkRoleForPanel(panel, toRoleFacts(role), await assignabilityFor(interaction));

    await interaction.showModal(buildRoleModal(panel, role));
  }

  /** Focuses a panel role, which shows its move and remove buttons. Changes nothing. */
  @SelectMenuComponent({ id: EDITOR_PATTERNS.action.pick })
  async pick(interaction: StringSelectMenuInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.action.pick, interaction.customId);
    await interaction.deferUpdate();

    const panel = await this.admin.requirePanel(interaction.guildId, target.panelId);

    await interaction.editReply(buildEditorMessage(panel, { kind: 'main', focus: Number(interaction.values[0]) }));
  }

  @SelectMenuComponent({ id: EDITOR_PATTERNS.action.mode })
  async mode(interaction: StringSelectMenuInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.action.mode, interaction.customId);
    const notes = await this.admin.setMode(interaction.guildId, target.panelId, parseMode(interaction.values[0]), target.version);
    await interaction.deferUpdate();

    const result = await this.admin.finishChange(interaction.guildId, target.panelId, notes);

    await interaction.editReply(buildEditorMessage(result.panel, { kind: 'settings' }, result));
  }

  @SelectMenuComponent({ id: EDITOR_PATTERNS.action.required })
  async requiredRole(interaction: RoleSelectMenuInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.action.required, interaction.customId);
    const role = requireRole(interaction.guild, interaction.values[0]);
    const notes = await this.admin.setRequiredRole(interaction.guildId, target.panelId, role, target.version);
    await interaction.deferUpdate();

    const result = await this.admin.finishChange(interaction.guildId, target.panelId, notes);

    await interaction.editReply(buildEditorMessage(result.panel, { kind: 'settings' }, result));
  }
}
