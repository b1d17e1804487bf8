import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  type APIMessageComponentEmoji,
  type BaseMessageOptions,
} from 'discord.js';
import type { Panel, PanelButtonStyle } from '../entities';
import { roleButtonId } from './customIds';

/** Discord puts at most 5 buttons in one action row. */
const BUTTONS_PER_ROW = 5;

const BUTTON_STYLE: Record<PanelButtonStyle, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Bot messages never ping anyone, whatever the panel text contains. */
export const NO_MENTIONS = { parse: [] as never[], users: [] as string[], roles: [] as string[], repliedUser: false };

/** Turns a stored emoji (`<:name:id>`, `<a:name:id>` or a Unicode emoji) into the component shape. */
export function toComponentEmoji(emoji: string): APIMessageComponentEmoji {
  const custom = /^<(a?):(\w{2,32}):(\d{17,20})>$/.exec(emoji);
  if (custom) return { animated: custom[1] === 'a', name: custom[2], id: custom[3] };
  return { name: emoji };
}

export function buildPanelEmbed(panel: Panel): EmbedBuilder {
  const embed = new EmbedBuilder().setTitle(panel.title);
  if (panel.description) embed.setDescription(panel.description);
  if (panel.color !== null) embed.setColor(panel.color);
  return embed;
}

/** Lays the panel's buttons out in rows of five, in position order. */
export function buildPanelButtons(panel: Panel): ActionRowBuilder<ButtonBuilder>[] {
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  const roles = [...panel.roles].sort((a, b) => a.position - b.position);
  for (let start = 0; start < roles.length; start += BUTTONS_PER_ROW) {
    const row = new ActionRowBuilder<ButtonBuilder>();
    for (const role of roles.slice(start, start + BUTTONS_PER_ROW)) {
      const button = new ButtonBuilder().setCustomId(roleButtonId(role.id)).setLabel(role.label).setStyle(BUTTON_STYLE[role.style]);
      if (role.emoji) button.setEmoji(toComponentEmoji(role.emoji));
      row.addComponents(button);
    }
    rows.push(row);
  }
  return rows;
}

/** The message members see: the panel's embed with its role buttons. */
export function buildPanelMessage(panel: Panel): BaseMessageOptions {
  return { embeds: [buildPanelEmbed(panel)], components: buildPanelButtons(panel), allowedMentions: NO_MENTIONS };
}
