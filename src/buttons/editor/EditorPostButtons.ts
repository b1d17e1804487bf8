import type { ButtonInteraction, GuildTextBasedChannel } from 'discord.js';
import { ButtonComponent, Discord } from 'discordx';
import { injectable } from 'tsyringe';
import { choosePostChannel, requireEditorTarget, requireManageRoles, type AdminInteraction } from '../../discord/adminInteraction';
import { describePost } from '../../discord/adminMessages';
import { EDITOR_PATTERNS } from '../../discord/customIds';
import { buildEditorMessage } from '../../discord/editorView';
import type { Panel } from '../../entities';
import { UserError } from '../../errors';
import { PanelAdmin } from '../../services/PanelAdmin';

/**
 * Post or update from the editor, and "Post again" after the posted message was found
 * deleted. The checks that can reject run before the acknowledgement, the send after it.
 */
@Discord()
@injectable()
export class EditorPostButtons {
  constructor(private readonly admin: PanelAdmin) {}

  @ButtonComponent({ id: EDITOR_PATTERNS.action.post })
  async post(interaction: ButtonInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.action.post, interaction.customId);
    const panel = await this.admin.requireVersion(interaction.guildId, target.panelId, target.version);
    const channel = choosePostChannel(interaction.guild, panel, null, interaction.channel);
    await this.postAndShow(interaction, panel, channel);
  }

  @ButtonComponent({ id: EDITOR_PATTERNS.repost })
  async repost(interaction: ButtonInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.repost, interaction.customId);
    const panel = await this.admin.requireVersion(interaction.guildId, target.panelId, target.version);
    const channelId = target.extra as string;
    if (!interaction.guild.channels.cache.has(channelId)) {
      throw new UserError(`The channel <#${channelId}> no longer exists. Post the panel in another channel with /panel post.`);
    }
    const channel = choosePostChannel(interaction.guild, panel, channelId, null);
    await this.postAndShow(interaction, panel, channel);
  }

  private async postAndShow(interaction: AdminInteraction<ButtonInteraction>, panel: Panel, channel: GuildTextBasedChannel): Promise<void> {
    this.admin.checkPostable(panel, channel);
    await interaction.deferUpdate();

    const { outcome, panel: stored } = await this.admin.post(interaction.guildId, panel.id, channel, panel.version);
    const { content, repostChannelId } = describePost(stored, outcome);

    await interaction.editReply(buildEditorMessage(stored, { kind: 'main' }, { notes: [content], repostChannelId }));
  }
}
