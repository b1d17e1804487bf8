import type { ButtonInteraction } from 'discord.js';
import { ButtonComponent, Discord } from 'discordx';
import { injectable } from 'tsyringe';
import { requireEditorTarget, requireManageRoles } from '../../discord/adminInteraction';
import { EDITOR_PATTERNS } from '../../discord/customIds';
import { buildMaxRolesModal, buildTextModal } from '../../discord/editorView';
import { PanelAdmin } from '../../services/PanelAdmin';

/** Buttons that open a modal, filled in with the panel's stored values. A modal must be the first response, so there is no defer. */
@Discord()
@injectable()
export class EditorModalButtons {
  constructor(private readonly admin: PanelAdmin) {}

  @ButtonComponent({ id: EDITOR_PATTERNS.action.text })
  async text(interaction: ButtonInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.action.text, interaction.customId);

    const panel = await this.admin.requireVersion(interaction.guildId, target.panelId, target.version);

    await interaction.showModal(buildTextModal(panel));
  }

  @ButtonComponent({ id: EDITOR_PATTERNS.action.max })
  async maxRoles(interaction: ButtonInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.action.max, interaction.customId);

    const panel = await this.admin.requireVersion(interaction.guildId, target.panelId, target.version);

    await interaction.showModal(buildMaxRolesModal(panel));
  }
}
