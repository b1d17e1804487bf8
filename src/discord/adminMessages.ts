import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, escapeMarkdown } from 'discord.js';
import type { Panel } from '../entities';
import type { ChangeResult } from '../services/PanelAdmin';
import type { PostOutcome } from '../services/PanelPublisher';
import type { PanelSummary } from '../services/PanelStore';
import { truncate } from '../services/validation';
import { editorActionId, editorRepostId } from './customIds';
import { NO_MENTIONS } from './panelMessage';

/** Discord caps an embed description at 4096 characters. */
const MAX_DESCRIPTION = 4096;
/** Room kept for the "and N more" line when the list is cut. */
const MORE_LINE_ROOM = 40;

/** The `/panel list` reply: one line per panel with its id, title, role count and where it is posted. */
export function buildPanelList(panels: PanelSummary[]) {
  if (panels.length === 0) {
    return { content: 'This server has no panels yet. Create one with /panel create.', allowedMentions: NO_MENTIONS };
  }

  const lines: string[] = [];
  let length = 0;
  for (const [index, panel] of panels.entries()) {
    const where = panel.channelId && panel.messageId ? `posted in <#${panel.channelId}>` : 'not posted';
    const line = `\`${panel.id}\` ${escapeMarkdown(truncate(panel.title, 100))}: ${panel.roleCount} role${panel.roleCount === 1 ? '' : 's'}, ${where}`;
    if (length + line.length + 1 > MAX_DESCRIPTION - MORE_LINE_ROOM) {
      lines.push(`…and ${panels.length - index} more.`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  const embed = new EmbedBuilder().setTitle(`Panels (${panels.length})`).setDescription(lines.join('\n'));
  return { content: 'Use the id with /panel edit, /panel post or /panel delete.', embeds: [embed], allowedMentions: NO_MENTIONS };
}

function openEditorButton(panel: Panel): ButtonBuilder {
  return new ButtonBuilder().setCustomId(editorActionId('main', { panelId: panel.id, version: panel.version })).setLabel('Open editor').setStyle(ButtonStyle.Secondary);
}

function repostButton(panel: Panel, channelId: string): ButtonBuilder {
  return new ButtonBuilder()
    .setCustomId(editorRepostId({ panelId: panel.id, version: panel.version }, channelId))
    .setLabel('Post again')
    .setStyle(ButtonStyle.Success);
}

/** The reply to a slash command that changed a panel: what changed, and what happened to its posted message. */
export function buildChangeReply(result: ChangeResult) {
  const buttons = [openEditorButton(result.panel)];
  if (result.repostChannelId !== null) buttons.unshift(repostButton(result.panel, result.repostChannelId));
  return {
    content: truncate(result.notes.join('\n'), 2000),
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(...buttons)],
    allowedMentions: NO_MENTIONS,
  };
}

/** Describes a post for the admin; a deleted message comes with a confirmation button instead of a repost. */
export function describePost(panel: Panel, outcome: PostOutcome): { content: string; repostChannelId: string | null } {
  switch (outcome.kind) {
    case 'posted':
      return { content: `Panel ${panel.id} is posted in <#${panel.channelId}>: ${outcome.url}`, repostChannelId: null };
    case 'updated':
      return { content: `The posted message of panel ${panel.id} was updated: ${outcome.url}`, repostChannelId: null };
    case 'missing':
      return {
        content: `The posted message of panel ${panel.id} in <#${outcome.channelId}> was deleted. Post the panel there again? Use Post again to confirm.`,
        repostChannelId: outcome.channelId,
      };
  }
}

/** The `/panel post` reply. */
export function buildPostReply(panel: Panel, outcome: PostOutcome) {
  const { content, repostChannelId } = describePost(panel, outcome);
  const buttons = [openEditorButton(panel)];
  if (repostChannelId !== null) buttons.unshift(repostButton(panel, repostChannelId));
  return { content, components: [new ActionRowBuilder<ButtonBuilder>().addComponents(...buttons)], allowedMentions: NO_MENTIONS };
}
