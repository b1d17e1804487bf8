import type { ButtonInteraction } from 'discord.js';
import { ButtonComponent, Discord } from 'discordx';
import { injectable } from 'tsyringe';
import { requireEditorTarget, requireManageRoles } from '../../discord/adminInteraction';
import { EDITOR_PATTERNS } from '../../discord/customIds';
import { buildEditorMessage, type EditorView } from '../../discord/editorView';
import { PanelAdmin } from '../../services/PanelAdmin';

/**
 * Buttons that only switch the editor's view. They change nothing, so they skip the
 * version check and show the panel as it is now. The delete confirmation carries the
 * version it shows, and its button is checked against it.
 */
@Discord()
@injectable()
export class EditorNavigationButtons {
  constructor(private readonly admin: PanelAdmin) {}

  @ButtonComponent({ id: EDITOR_PATTERNS.action.main })
  async main(interaction: ButtonInteraction): Promise<void> {
    await this.show(interaction, EDITOR_PATTERNS.action.main, { kind: 'main' });
  }

  @ButtonComponent({ id: EDITOR_PATTERNS.action.settings })
  async settings(interaction: ButtonInteraction): Promise<void> {
    await this.show(interaction, EDITOR_PATTERNS.action.settings, { kind: 'settings' });
  }

  @ButtonComponent({ id: EDITOR_PATTERNS.action.delete })
  async confirmDelete(interaction: ButtonInteraction): Promise<void> {
    await this.show(interaction, EDITOR_PATTERNS.action.delete, { kind: 'confirm-delete' });
  }

  private async show(interaction: ButtonInteraction, pattern: RegExp, view: EditorView): Promise<void> {
    requireManageRoles(interaction);
    const { panelId } = requireEditorTarget(pattern, interaction.customId);

    // Loaded before acknowledging: a deleted or foreign panel then gets a reply of its own
    // instead of replacing the editor message with the error.
    const panel = await this.admin.requirePanel(interaction.guildId, panelId);

    await interaction.update(buildEditorMessage(panel, view));
  }
}
