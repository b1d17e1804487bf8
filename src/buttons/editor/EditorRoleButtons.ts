import type { ButtonInteraction } from 'discord.js';
import { ButtonComponent, Discord } from 'discordx';
import { injectable } from 'tsyringe';
import { requireEditorTarget, requireManageRoles } from '../../discord/adminInteraction';
import { EDITOR_PATTERNS } from '../../discord/customIds';
import { buildEditorMessage } from '../../discord/editorView';
import { PanelAdmin } from '../../services/PanelAdmin';

/**
 * Move up, move down and remove for the panel role picked in the editor.
 *
 * Editor controls store the change before acknowledging, so a rejected change (stale
 * version, invalid value) becomes a new ephemeral reply and the editor stays as it was.
 * After a deferUpdate, the one error path would overwrite the editor with the message.
 * The database write is quick next to Discord's 3 s limit, and the Discord request that
 * re-renders the posted message runs after the acknowledgement.
 */
@Discord()
@injectable()
export class EditorRoleButtons {
  constructor(private readonly admin: PanelAdmin) {}

  @ButtonComponent({ id: EDITOR_PATTERNS.roleAction.up })
  async up(interaction: ButtonInteraction): Promise<void> {
    await this.move(interaction, EDITOR_PATTERNS.roleAction.up, -1);
  }

  @ButtonComponent({ id: EDITOR_PATTERNS.roleAction.down })
  async down(interaction: ButtonInteraction): Promise<void> {
    await this.move(interaction, EDITOR_PATTERNS.roleAction.down, 1);
  }

  @ButtonComponent({ id: EDITOR_PATTERNS.roleAction.remove })
  async remove(interaction: ButtonInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.roleAction.remove, interaction.customId);
    const notes = await this.admin.removeRole(interaction.guildId, target.panelId, { panelRoleId: Number(target.extra) }, target.version);
    await interaction.deferUpdate();

    const result = await this.admin.finishChange(interaction.guildId, target.panelId, notes);

    await interaction.editReply(buildEditorMessage(result.panel, { kind: 'main' }, result));
  }

  private async move(interaction: ButtonInteraction, pattern: RegExp, direction: -1 | 1): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(pattern, interaction.customId);
    const panelRoleId = Number(target.extra);
    const notes = await this.admin.moveRole(interaction.guildId, target.panelId, panelRoleId, direction, target.version);
    await interaction.deferUpdate();

    const result = await this.admin.finishChange(interaction.guildId, target.panelId, notes);

    await interaction.editReply(buildEditorMessage(result.panel, { kind: 'main', focus: panelRoleId }, result));
  }
}
