import { InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { Discord, SlashGroup } from 'discordx';

/**
 * Declares `/panel`. Discord sets permissions and contexts on the top-level command, so
 * they live here; each subcommand file attaches with `@SlashGroup('panel')`.
 */
@Discord()
@SlashGroup({
  name: 'panel',
  description: 'Build, post and manage role panels',
  contexts: [InteractionContextType.Guild],
  dmPermission: false,
  defaultMemberPermissions: PermissionFlagsBits.ManageRoles,
})
export class PanelCommandGroup {}
