import { ApplicationCommandOptionType, MessageFlags, type APIRole, type ChatInputCommandInteraction, type Role } from 'discord.js';
import { Discord, Slash, SlashChoice, SlashGroup, SlashOption } from 'discordx';
import { injectable } from 'tsyringe';
import { assignabilityFor, requireManageRoles, requireRole, toRoleFacts } from '../../discord/adminInteraction';
import { buildChangeReply } from '../../discord/adminMessages';
import { PanelOption } from '../../discord/panelOption';
import { BUTTON_STYLES, type PanelButtonStyle } from '../../entities';
import { PanelAdmin } from '../../services/PanelAdmin';

@Discord()
@SlashGroup('panel')
@injectable()
export class PanelAddRoleCommand {
  constructor(readonly admin: PanelAdmin) {}

  @Slash({ name: 'add-role', description: 'Add a role button to a panel' })
  async addRole(
    @PanelOption() panelInput: string,
    @SlashOption({ name: 'role', description: 'The role the button gives and takes', type: ApplicationCommandOptionType.Role, required: true })
    role: Role | APIRole,
    @SlashOption({ name: 'label', description: 'Button text, up to 80 characters (default: the role\'s name)', type: ApplicationCommandOptionType.String })
    label: string | undefined,
    @SlashOption({ name: 'emoji', description: 'One Unicode emoji, or a custom emoji as <:name:id>', type: ApplicationCommandOptionType.String })
    emoji: string | undefined,
    @SlashChoice(...BUTTON_STYLES)
    @SlashOption({ name: 'style', description: 'Button color (default secondary, grey)', type: ApplicationCommandOptionType.String })
    style: PanelButtonStyle | undefined,
    interaction: ChatInputCommandInteraction,
  ): Promise<void> {
    requireManageRoles(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });

    const panel = await this.admin.resolvePanel(interaction.guildId, panelInput);
    const facts = toRoleFacts(requireRole(interaction.guild, role.id));
    const notes = await this.admin.addRole(panel, facts, { label, emoji, style }, await assignabilityFor(interaction));
    const result = await this.admin.finishChange(interaction.guildId, panel.id, notes);

    await interaction.editReply(buildChangeReply(result));
  }
}
