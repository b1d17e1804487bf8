import type { ButtonInteraction } from 'discord.js';
import { ButtonComponent, Discord } from 'discordx';
import { injectable } from 'tsyringe';
import { requireEditorTarget, requireManageRoles } from '../../discord/adminInteraction';
import { EDITOR_PATTERNS } from '../../discord/customIds';
import { buildEditorMessage } from '../../discord/editorView';
import { NO_MENTIONS } from '../../discord/panelMessage';
import { PanelAdmin } from '../../services/PanelAdmin';
import { quoteValue } from '../../services/validation';

/** Clearing the required role, and the confirmed delete. Both store before acknowledging, like every editor change. */
@Discord()
@injectable()
export class EditorChangeButtons {
  constructor(private readonly admin: PanelAdmin) {}

  @ButtonComponent({ id: EDITOR_PATTERNS.action['required-clear'] })
  async clearRequiredRole(interaction: ButtonInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.action['required-clear'], interaction.customId);
    const notes = await this.admin.setRequiredRole(interaction.guildId, target.panelId, null, target.version);
    await interaction.deferUpdate();

    const result = await this.admin.finishChange(interaction.guildId, target.panelId, notes);

    await interaction.editReply(buildEditorMessage(result.panel, { kind: 'settings' }, result));
  }

  @ButtonComponent({ id: EDITOR_PATTERNS.action['delete-confirm'] })
  async delete(interaction: ButtonInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.action['delete-confirm'], interaction.customId);
    const panel = await this.admin.delete(interaction.guildId, target.panelId, target.version);
    await interaction.deferUpdate();

    await this.admin.removePostedMessage(panel);

    const posted = panel.messageId !== null ? ' Its posted message was deleted too.' : '';
    await interaction.editReply({ content: `Panel ${panel.id} (${quoteValue(panel.title)}) was deleted.${posted}`, embeds: [], components: [], allowedMentions: NO_MENTIONS });
  }
}
