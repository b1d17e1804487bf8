import { ApplicationCommandOptionType, ChannelType, MessageFlags, type Channel, type ChatInputCommandInteraction } from 'discord.js';
import { Discord, Slash, SlashGroup, SlashOption } from 'discordx';
import { injectable } from 'tsyringe';
import { choosePostChannel, requireManageRoles } from '../../discord/adminInteraction';
import { buildPostReply } from '../../discord/adminMessages';
import { PanelOption } from '../../discord/panelOption';
import { PanelAdmin } from '../../services/PanelAdmin';

@Discord()
@SlashGroup('panel')
@injectable()
export class PanelPostCommand {
  constructor(readonly admin: PanelAdmin) {}

  @Slash({ name: 'post', description: 'Post a panel, or update its posted message' })
  async post(
    @PanelOption() panelInput: string,
    @SlashOption({
      name: 'channel',
      description: 'Where to post (default: where it is posted, else this channel)',
      type: ApplicationCommandOptionType.Channel,
      channelTypes: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    })
    channel: Channel | undefined,
    interaction: ChatInputCommandInteraction,
  ): Promise<void> {
    requireManageRoles(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });

    const panel = await this.admin.resolvePanel(interaction.guildId, panelInput);
    const target = choosePostChannel(interaction.guild, panel, channel?.id ?? null, interaction.channel);
    this.admin.checkPostable(panel, target);
    const { outcome, panel: stored } = await this.admin.post(interaction.guildId, panel.id, target);

    await interaction.editReply(buildPostReply(stored, outcome));
  }
}
