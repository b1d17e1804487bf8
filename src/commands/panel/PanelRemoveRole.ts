import { ApplicationCommandOptionType, MessageFlags, type APIRole, type ChatInputCommandInteraction, type Role } from 'discord.js';
import { Discord, Slash, SlashGroup, SlashOption } from 'discordx';
import { injectable } from 'tsyringe';
import { requireManageRoles } from '../../discord/adminInteraction';
import { buildChangeReply } from '../../discord/adminMessages';
import { PanelOption } from '../../discord/panelOption';
import { PanelAdmin } from '../../services/PanelAdmin';

@Discord()
@SlashGroup('panel')
@injectable()
export class PanelRemoveRoleCommand {
  constructor(readonly admin: PanelAdmin) {}

  @Slash({ name: 'remove-role', description: 'Remove a role button from a panel' })
  async removeRole(
    @PanelOption() panelInput: string,
    @SlashOption({ name: 'role', description: 'The role whose button goes', type: ApplicationCommandOptionType.Role, required: true })
    role: Role | APIRole,
    interaction: ChatInputCommandInteraction,
  ): Promise<void> {
    requireManageRoles(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });

    const panel = await this.admin.resolvePanel(interaction.guildId, panelInput);
    const notes = await this.admin.removeRole(interaction.guildId, panel.id, { roleId: role.id });
    const result = await this.admin.finishChange(interaction.guildId, panel.id, notes);

    await interaction.editReply(buildChangeReply(result));
  }
}
