import { ApplicationCommandOptionType, MessageFlags, type APIRole, type ChatInputCommandInteraction, type Role } from 'discord.js';
import { Discord, Slash, SlashChoice, SlashGroup, SlashOption } from 'discordx';
import { injectable } from 'tsyringe';
import { requireManageRoles } from '../../discord/adminInteraction';
import { buildEditorMessage } from '../../discord/editorView';
import { PANEL_MODES, type PanelMode } from '../../entities';
import { PanelAdmin } from '../../services/PanelAdmin';

// String options carry no max_length: the bot checks the limits itself so its message can
// show the rejected value and the limit.
@Discord()
@SlashGroup('panel')
@injectable()
export class PanelCreateCommand {
  constructor(readonly admin: PanelAdmin) {}

  @Slash({ name: 'create', description: 'Create a panel and open its editor' })
  async create(
    @SlashOption({ name: 'title', description: 'Embed title, up to 256 characters', type: ApplicationCommandOptionType.String, required: true })
    title: string,
    @SlashOption({ name: 'description', description: 'Embed text, up to 4096 characters', type: ApplicationCommandOptionType.String })
    description: string | undefined,
    @SlashOption({ name: 'color', description: 'Embed color: #RRGGBB or a name such as red, blue, blurple', type: ApplicationCommandOptionType.String })
    color: string | undefined,
    @SlashChoice(...PANEL_MODES)
    @SlashOption({ name: 'mode', description: 'What a click does (default toggle)', type: ApplicationCommandOptionType.String })
    mode: PanelMode | undefined,
    @SlashOption({ name: 'max-roles', description: 'How many of the panel\'s roles one member may hold (1 to 25)', type: ApplicationCommandOptionType.Integer })
    maxRoles: number | undefined,
    @SlashOption({ name: 'required-role', description: 'Only members with this role may use the panel', type: ApplicationCommandOptionType.Role })
    requiredRole: Role | APIRole | undefined,
    interaction: ChatInputCommandInteraction,
  ): Promise<void> {
    requireManageRoles(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });

    const panel = await this.admin.create(interaction.guildId, { title, description, color, mode, maxRoles, requiredRole });

    await interaction.editReply(buildEditorMessage(panel, { kind: 'main' }, { notes: [`Created panel ${panel.id}. Add roles below, then post it.`] }));
  }
}
