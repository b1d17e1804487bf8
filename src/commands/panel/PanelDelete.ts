import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Discord, Slash, SlashGroup } from 'discordx';
import { injectable } from 'tsyringe';
import { requireManageRoles } from '../../discord/adminInteraction';
import { buildEditorMessage } from '../../discord/editorView';
import { PanelOption } from '../../discord/panelOption';
import { PanelAdmin } from '../../services/PanelAdmin';

@Discord()
@SlashGroup('panel')
@injectable()
export class PanelDeleteCommand {
  constructor(readonly admin: PanelAdmin) {}

  /** Shows the panel with a confirmation; the editor's delete-confirm button does the deleting. */
  @Slash({ name: 'delete', description: 'Delete a panel and its posted message' })
  async delete(@PanelOption() panelInput: string, interaction: ChatInputCommandInteraction): Promise<void> {
    requireManageRoles(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });

    const panel = await this.admin.resolvePanel(interaction.guildId, panelInput);

    await interaction.editReply(buildEditorMessage(panel, { kind: 'confirm-delete' }));
  }
}
