import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Discord, Slash, SlashGroup } from 'discordx';
import { injectable } from 'tsyringe';
import { requireManageRoles } from '../../discord/adminInteraction';
import { buildPanelList } from '../../discord/adminMessages';
import { PanelAdmin } from '../../services/PanelAdmin';

@Discord()
@SlashGroup('panel')
@injectable()
export class PanelListCommand {
  constructor(readonly admin: PanelAdmin) {}

  @Slash({ name: 'list', description: 'List this server\'s panels with their ids' })
  async list(interaction: ChatInputCommandInteraction): Promise<void> {
    requireManageRoles(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });

    const panels = await this.admin.list(interaction.guildId);

    await interaction.editReply(buildPanelList(panels));
  }
}
