import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  LabelBuilder,
  ModalBuilder,
  RoleSelectMenuBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  escapeMarkdown,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import { BUTTON_STYLES, type Panel, type PanelMode, type PanelRole } from '../entities';
import { MAX_DESCRIPTION_LENGTH, MAX_PANEL_ROLES, MAX_LABEL_LENGTH, MAX_TITLE_LENGTH, formatColor, truncate } from '../services/validation';
import {
  editorActionId,
  editorModalId,
  editorRepostId,
  editorRoleActionId,
  editorRoleModalId,
  type EditorTarget,
} from './customIds';
import { NO_MENTIONS, buildPanelEmbed } from './panelMessage';

/*
 * Layout. Discord allows 5 action rows on a message, and a panel can fill all 5 with its
 * own 25 buttons, so the preview cannot show the buttons as components next to the
 * controls. The preview is therefore the panel's real embed plus a second embed that lists
 * the buttons in the order and rows of five members will see, with label, emoji, role and
 * style. No preview button is a component, so none can be clicked as a role button. All
 * 5 rows go to the controls, split into a main view and a settings view.
 */

export type EditorView =
  /** Roles and text; `focus` is the panel role picked for moving or removing. */
  | { kind: 'main'; focus?: number }
  /** Mode, max roles and required role. */
  | { kind: 'settings' }
  | { kind: 'confirm-delete' };

export interface EditorExtras {
  /** Sentences about what the last control did, shown above the preview. */
  notes?: string[];
  /** Offer to post again in this channel, because the posted message was deleted. */
  repostChannelId?: string | null;
}

/** Discord caps a message's content at 2000 characters and all its embeds at 6000 together. */
const MAX_CONTENT_LENGTH = 2000;
const MAX_EMBEDS_TEXT = 6000;
/** Discord allows 25 options in a select menu and 100 characters in an option's label. */
const MAX_OPTION_LABEL = 100;
/** Discord allows 45 characters in a modal title and 4000 in a text input. */
const MAX_MODAL_TITLE = 45;
const MAX_TEXT_INPUT = 4000;
const BUTTONS_PER_ROW = 5;

export const MODE_DESCRIPTIONS: Record<PanelMode, string> = {
  toggle: 'A click adds the role, a second click removes it',
  unique: 'A member holds at most one of the roles; picking one drops the others',
  verify: 'Clicks only add roles',
  drop: 'Clicks only remove roles',
};

/** Builds the editor message for `panel`, always from what the database returned. */
export function buildEditorMessage(panel: Panel, view: EditorView, extras: EditorExtras = {}) {
  const target: EditorTarget = { panelId: panel.id, version: panel.version };
  const details = buildDetailsEmbed(panel);
  const preview = buildPreviewEmbed(panel, MAX_EMBEDS_TEXT - embedTextLength(details));

  let components: ActionRowBuilder<MessageActionRowComponentBuilder>[];
  if (view.kind === 'settings') components = settingsRows(panel, target);
  else if (view.kind === 'confirm-delete') components = confirmDeleteRows(target);
  else components = mainRows(panel, target, view.focus, extras.repostChannelId ?? null);

  const lines = [...(extras.notes ?? [])];
  if (view.kind === 'confirm-delete') {
    lines.push(`Delete panel ${panel.id} for good? Its posted message is deleted too. This cannot be undone.`);
  }
  const content = lines.length > 0 ? truncate(lines.join('\n'), MAX_CONTENT_LENGTH) : `Editing panel ${panel.id}.`;
  return { content, embeds: [preview, details], components, allowedMentions: NO_MENTIONS };
}

/** The panel's own embed, with the description shortened if the editor's embeds would pass Discord's 6000-character total. */
function buildPreviewEmbed(panel: Panel, budget: number): EmbedBuilder {
  const embed = buildPanelEmbed(panel);
  const room = budget - panel.title.length;
  if (panel.description && panel.description.length > room) {
    embed.setDescription(`${panel.description.slice(0, Math.max(0, room - 40))}\n… (shortened in this preview only)`);
  }
  return embed;
}

function buildDetailsEmbed(panel: Panel): EmbedBuilder {
  const posted = panel.channelId && panel.messageId ? `Posted in <#${panel.channelId}>` : 'Not posted yet';
  return new EmbedBuilder()
    .setTitle(truncate(`Buttons (${panel.roles.length}/${MAX_PANEL_ROLES})`, MAX_TITLE_LENGTH))
    .setDescription(describeButtons(panel.roles))
    .addFields(
      { name: 'Mode', value: `${panel.mode}: ${MODE_DESCRIPTIONS[panel.mode]}`, inline: false },
      { name: 'Max roles', value: panel.maxRoles === null ? 'No limit' : String(panel.maxRoles), inline: true },
      { name: 'Required role', value: panel.requiredRoleId ? `<@&${panel.requiredRoleId}>` : 'None', inline: true },
      { name: 'Status', value: posted, inline: true },
    )
    .setFooter({ text: `Panel ${panel.id}, version ${panel.version}` });
}

/**
 * Lists the buttons row by row, as members will see them. Labels are shortened when the
 * list would pass Discord's 4096-character limit on an embed description: 25 buttons with
 * 80-character labels, markdown escapes and custom emoji can reach it.
 */
export function describeButtons(roles: readonly PanelRole[]): string {
  if (roles.length === 0) return 'No buttons yet. Pick a role in "Add a role" below.';
  const full = listButtons(roles, Number.POSITIVE_INFINITY);
  if (full.length <= MAX_DESCRIPTION_LENGTH) return full;

  const withoutLabels = listButtons(roles, 0).length;
  const labelBudget = Math.max(1, Math.floor((MAX_DESCRIPTION_LENGTH - withoutLabels) / roles.length) - 1);
  return truncate(listButtons(roles, labelBudget), MAX_DESCRIPTION_LENGTH);
}

/** Builds the button list with each escaped label cut to `maxLabelLength` characters. */
function listButtons(roles: readonly PanelRole[], maxLabelLength: number): string {
  const lines: string[] = [];
  roles.forEach((role, index) => {
    if (index % BUTTONS_PER_ROW === 0) lines.push(`**Row ${index / BUTTONS_PER_ROW + 1}**`);
    const emoji = role.emoji ? `${role.emoji} ` : '';
    const label = escapeMarkdown(role.label);
    const shown = label.length <= maxLabelLength ? label : `${escapeMarkdown(role.label.slice(0, Math.max(0, Math.floor(maxLabelLength / 2) - 1)))}…`;
    lines.push(`${index + 1}. ${emoji}${shown} → <@&${role.roleId}> (${role.style})`);
  });
  return lines.join('\n');
}

function embedTextLength(embed: EmbedBuilder): number {
  const data = embed.data;
  const fields = (data.fields ?? []).reduce((total, field) => total + field.name.length + field.value.length, 0);
  return (data.title?.length ?? 0) + (data.description?.length ?? 0) + fields + (data.footer?.text.length ?? 0);
}

function row(...components: MessageActionRowComponentBuilder[]): ActionRowBuilder<MessageActionRowComponentBuilder> {
  return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(...components);
}

function button(customId: string, label: string, style: ButtonStyle, disabled = false): ButtonBuilder {
  return new ButtonBuilder().setCustomId(customId).setLabel(label).setStyle(style).setDisabled(disabled);
}

function mainRows(panel: Panel, target: EditorTarget, focus: number | undefined, repostChannelId: string | null) {
  const full = panel.roles.length >= MAX_PANEL_ROLES;
  const rows = [
    row(
      new RoleSelectMenuBuilder()
        .setCustomId(editorActionId('add', target))
        .setPlaceholder(full ? `Full: ${MAX_PANEL_ROLES} roles is the maximum` : 'Add a role…')
        .setDisabled(full),
    ),
  ];

  if (panel.roles.length > 0) {
    const pick = new StringSelectMenuBuilder().setCustomId(editorActionId('pick', target)).setPlaceholder('Pick a role to move or remove…');
    panel.roles.forEach((role, index) => {
      pick.addOptions({ label: truncate(`${index + 1}. ${role.label}`, MAX_OPTION_LABEL), value: String(role.id), default: role.id === focus });
    });
    rows.push(row(pick));
  }

  const focusIndex = panel.roles.findIndex((role) => role.id === focus);
  if (focus !== undefined && focusIndex >= 0) {
    rows.push(
      row(
        button(editorRoleActionId('up', target, focus), 'Move up', ButtonStyle.Secondary, focusIndex === 0),
        button(editorRoleActionId('down', target, focus), 'Move down', ButtonStyle.Secondary, focusIndex === panel.roles.length - 1),
        button(editorRoleActionId('remove', target, focus), 'Remove', ButtonStyle.Danger),
      ),
    );
  }

  const posted = panel.channelId !== null && panel.messageId !== null;
  rows.push(
    row(
      button(editorActionId('text', target), 'Edit text', ButtonStyle.Primary),
      button(editorActionId('settings', target), 'Settings', ButtonStyle.Secondary),
      button(editorActionId('post', target), posted ? 'Update posted message' : 'Post here', ButtonStyle.Success, panel.roles.length === 0),
      button(editorActionId('delete', target), 'Delete', ButtonStyle.Danger),
    ),
  );
  if (repostChannelId !== null) rows.push(row(button(editorRepostId(target, repostChannelId), 'Post again', ButtonStyle.Success)));
  return rows;
}

function settingsRows(panel: Panel, target: EditorTarget) {
  const mode = new StringSelectMenuBuilder().setCustomId(editorActionId('mode', target)).setPlaceholder('Mode');
  for (const [value, description] of Object.entries(MODE_DESCRIPTIONS)) {
    mode.addOptions({ label: value, value, description, default: value === panel.mode });
  }
  const required = new RoleSelectMenuBuilder().setCustomId(editorActionId('required', target)).setPlaceholder('Required role: anyone may use the panel');
  if (panel.requiredRoleId) required.setDefaultRoles(panel.requiredRoleId);

  return [
    row(mode),
    row(required),
    row(
      button(editorActionId('max', target), 'Set max roles', ButtonStyle.Primary),
      button(editorActionId('required-clear', target), 'No required role', ButtonStyle.Secondary, panel.requiredRoleId === null),
      button(editorActionId('main', target), 'Back', ButtonStyle.Secondary),
    ),
  ];
}

function confirmDeleteRows(target: EditorTarget) {
  return [
    row(
      button(editorActionId('delete-confirm', target), 'Delete panel', ButtonStyle.Danger),
      button(editorActionId('main', target), 'Cancel', ButtonStyle.Secondary),
    ),
  ];
}

function textInput(customId: string, style: TextInputStyle, required: boolean, maxLength: number, value: string | null): TextInputBuilder {
  const input = new TextInputBuilder().setCustomId(customId).setStyle(style).setRequired(required).setMaxLength(maxLength);
  if (value) input.setValue(value);
  return input;
}

/** Field custom ids inside the editor's modals. */
export const MODAL_FIELDS = { title: 'title', description: 'description', color: 'color', maxRoles: 'max-roles', label: 'label', emoji: 'emoji', style: 'style' } as const;

/**
 * The title, description and color modal. A description longer than a text input allows
 * (4000, below the embed's 4096) is left out, and the submit keeps it unchanged.
 */
export function buildTextModal(panel: Panel): ModalBuilder {
  const modal = new ModalBuilder().setCustomId(editorModalId('text', { panelId: panel.id, version: panel.version })).setTitle('Edit panel text');
  modal.addLabelComponents(
    new LabelBuilder().setLabel('Title').setTextInputComponent(textInput(MODAL_FIELDS.title, TextInputStyle.Short, true, MAX_TITLE_LENGTH, panel.title)),
  );
  if ((panel.description ?? '').length <= MAX_TEXT_INPUT) {
    modal.addLabelComponents(
      new LabelBuilder()
        .setLabel('Description')
        .setDescription('Leave empty for no description')
        .setTextInputComponent(textInput(MODAL_FIELDS.description, TextInputStyle.Paragraph, false, MAX_TEXT_INPUT, panel.description)),
    );
  }
  modal.addLabelComponents(
    new LabelBuilder()
      .setLabel('Color')
      .setDescription('#RRGGBB or a name such as red, blue, blurple; empty for none')
      .setTextInputComponent(textInput(MODAL_FIELDS.color, TextInputStyle.Short, false, 32, panel.color === null ? null : formatColor(panel.color))),
  );
  return modal;
}

export function buildMaxRolesModal(panel: Panel): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(editorModalId('max', { panelId: panel.id, version: panel.version }))
    .setTitle('Max roles per member')
    .addLabelComponents(
      new LabelBuilder()
        .setLabel('Max roles')
        .setDescription(`A whole number from 1 to ${Math.max(1, panel.roles.length)}; empty for no limit`)
        .setTextInputComponent(textInput(MODAL_FIELDS.maxRoles, TextInputStyle.Short, false, 3, panel.maxRoles === null ? null : String(panel.maxRoles))),
    );
}

/** The label, emoji and style modal shown after an admin picks a role to add. */
export function buildRoleModal(panel: Panel, role: { id: string; name: string }): ModalBuilder {
  const style = new StringSelectMenuBuilder().setCustomId(MODAL_FIELDS.style).setRequired(false);
  for (const value of BUTTON_STYLES) style.addOptions({ label: value, value, default: value === 'secondary' });

  return new ModalBuilder()
    .setCustomId(editorRoleModalId({ panelId: panel.id, version: panel.version }, role.id))
    .setTitle(truncate(`Button for ${role.name}`, MAX_MODAL_TITLE))
    .addLabelComponents(
      new LabelBuilder()
        .setLabel('Label')
        .setTextInputComponent(textInput(MODAL_FIELDS.label, TextInputStyle.Short, true, MAX_LABEL_LENGTH, truncate(role.name, MAX_LABEL_LENGTH))),
      new LabelBuilder()
        .setLabel('Emoji')
        .setDescription('One emoji such as 🎮, or <:name:id>; empty for none')
        .setTextInputComponent(textInput(MODAL_FIELDS.emoji, TextInputStyle.Short, false, 100, null)),
      new LabelBuilder().setLabel('Style').setStringSelectMenuComponent(style),
    );
}
