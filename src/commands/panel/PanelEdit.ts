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
export class PanelEditCommand {
  constructor(readonly admin: PanelAdmin) {}

  /** The editor display path: defer, one query for the panel with its roles, build, reply. */
  @Slash({ name: 'edit', description: 'Open the editor of a panel' })
  async edit(@PanelOption() panelInput: string, interaction: ChatInputCommandInteraction): Promise<void> {
    requireManageRoles(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });

    const panel = await this.admin.resolvePanel(interaction.guildId, panelInput);

    await interaction.editReply(buildEditorMessage(panel, { kind: 'main' }));
  }
}
