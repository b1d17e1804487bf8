import { MessageFlags, type APIInteractionGuildMember, type ButtonInteraction, type GuildMember } from 'discord.js';
import { ButtonComponent, Discord } from 'discordx';
import { injectable } from 'tsyringe';
import { CUSTOM_ID_PATTERNS, parseRoleButtonId } from '../discord/customIds';
import { NO_MENTIONS } from '../discord/panelMessage';
import { viewGuild } from '../services/guildView';
import { RoleAssignment, type RoleClick } from '../services/RoleAssignment';

/** A member's click on a posted panel's role button. */
@Discord()
@injectable()
export class RoleButton {
  constructor(private readonly assignment: RoleAssignment) {}

  @ButtonComponent({ id: CUSTOM_ID_PATTERNS.roleButton })
  async click(interaction: ButtonInteraction): Promise<void> {
    // Discord fails an interaction that is not acknowledged within 3 s, so the deferral goes
    // out before anything else, and never waits behind the member's earlier clicks.
    const acknowledged = interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // The member's next click patches the same cached member, so its roles are read now.
    const click = readRoleClick(interaction);
    // Awaited later, possibly behind other clicks; a rejection must not count as unhandled meanwhile.
    void acknowledged.catch(() => undefined);

    let content: string;
    if (click === null) {
      await acknowledged;
      content = 'Role buttons work only in a server the bot is in. Nothing was changed.';
    } else {
      content = await this.assignment.handle(click, acknowledged);
    }
    await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
  }
}

/** Reads what the click needs from the interaction; null outside a cached guild. */
function readRoleClick(interaction: ButtonInteraction): RoleClick | null {
  if (!interaction.inCachedGuild()) return null;
  return {
    guild: viewGuild(interaction.guild, interaction.appPermissions.bitfield),
    userId: interaction.user.id,
    messageId: interaction.message.id,
    panelRoleId: parseRoleButtonId(interaction.customId),
    memberRoleIds: memberRoleIds(interaction.member),
  };
}

/** Collects the member's role ids, including roles given by hand, from a cached or a raw API member. */
function memberRoleIds(member: GuildMember | APIInteractionGuildMember): Set<string> {
  if (Array.isArray(member.roles)) return new Set(member.roles);
  return new Set((member as GuildMember).roles.cache.keys());
}
