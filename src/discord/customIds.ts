/**
 * The one place that builds and parses custom ids. Every id starts with `rp:` and a route
 * name; the patterns are anchored so no two routes overlap, because discordx runs every
 * handler whose pattern matches.
 */

/** Discord rejects a component or modal whose custom_id is longer than 100 characters. */
export const MAX_CUSTOM_ID_LENGTH = 100;

/** Database ids are positive integers; ten digits cover the 32-bit range. */
const ID = '(\\d{1,10})';

export const CUSTOM_ID_PATTERNS = {
  /** A member's role button: carries the panel role's stable id, never a position. */
  roleButton: new RegExp(`^rp:role:${ID}$`),
} as const;

/** Joins parts into a custom id and enforces Discord's length limit. */
export function buildCustomId(...parts: Array<string | number>): string {
  const customId = ['rp', ...parts].join(':');
  if (customId.length > MAX_CUSTOM_ID_LENGTH) {
    throw new RangeError(`custom id "${customId.slice(0, 40)}…" is ${customId.length} characters, over Discord's limit of ${MAX_CUSTOM_ID_LENGTH}`);
  }
  return customId;
}

/** Parses a positive integer id captured by one of the patterns; null when out of range. */
export function parseId(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 && value <= 2147483647 ? value : null;
}

export function roleButtonId(panelRoleId: number): string {
  return buildCustomId('role', panelRoleId);
}

/** Returns the panel role id a role button's custom id carries, or null for anything else. */
export function parseRoleButtonId(customId: string): number | null {
  const match = CUSTOM_ID_PATTERNS.roleButton.exec(customId);
  return match ? parseId(match[1]) : null;
}

/** A snowflake in a custom id: Discord ids have 17 to 20 digits. */
const SNOWFLAKE = '(\\d{17,20})';

/**
 * Editor controls. Every one carries the panel id and the panel version it was rendered
 * from, so a control on an outdated editor is rejected instead of overwriting a newer edit.
 */
export const EDITOR_ACTIONS = [
  /** Re-render the main view (also "cancel" on a confirmation). */
  'main',
  /** Show the settings view: mode, max roles, required role. */
  'settings',
  /** Open the modal for title, description and color. */
  'text',
  /** Role select: a role to add, which opens the label, emoji and style modal. */
  'add',
  /** String select: a panel role to move or remove. */
  'pick',
  /** String select: the panel mode. */
  'mode',
  /** Role select: the role required to use the panel. */
  'required',
  /** Clear the required role. */
  'required-clear',
  /** Open the max-roles modal. */
  'max',
  /** Post the panel, or update its posted message. */
  'post',
  /** Ask for confirmation before deleting. */
  'delete',
  /** Delete the panel and its posted message. */
  'delete-confirm',
] as const;
export type EditorAction = (typeof EDITOR_ACTIONS)[number];

/** Editor controls that act on one panel role; the id also carries the panel role's id. */
export const EDITOR_ROLE_ACTIONS = ['up', 'down', 'remove'] as const;
export type EditorRoleAction = (typeof EDITOR_ROLE_ACTIONS)[number];

/** Modals opened from the editor. `role` also carries the Discord role's snowflake. */
export const EDITOR_MODALS = ['text', 'max'] as const;
export type EditorModal = (typeof EDITOR_MODALS)[number];

const editorActionPattern = (action: string) => new RegExp(`^rp:ed:${action}:${ID}:${ID}$`);
const editorRolePattern = (action: string) => new RegExp(`^rp:ed:${action}:${ID}:${ID}:${ID}$`);

/**
 * One anchored pattern per route. The literal after `rp:ed:` or `rp:edm:` differs in each,
 * and none starts with `rp:role:`, so no custom id matches two patterns.
 */
export const EDITOR_PATTERNS = {
  action: Object.fromEntries(EDITOR_ACTIONS.map((action) => [action, editorActionPattern(action)])) as Record<EditorAction, RegExp>,
  roleAction: Object.fromEntries(EDITOR_ROLE_ACTIONS.map((action) => [action, editorRolePattern(action)])) as Record<EditorRoleAction, RegExp>,
  /** Post again in `channelId` after the posted message was found deleted. */
  repost: new RegExp(`^rp:ed:repost:${ID}:${ID}:${SNOWFLAKE}$`),
  modal: Object.fromEntries(EDITOR_MODALS.map((modal) => [modal, new RegExp(`^rp:edm:${modal}:${ID}:${ID}$`)])) as Record<EditorModal, RegExp>,
  /** The label, emoji and style modal for the role with this snowflake. */
  roleModal: new RegExp(`^rp:edm:role:${ID}:${ID}:${SNOWFLAKE}$`),
} as const;

/** Where an editor control points: the panel and the version the editor showed. */
export interface EditorTarget {
  panelId: number;
  version: number;
}

export function editorActionId(action: EditorAction, target: EditorTarget): string {
  return buildCustomId('ed', action, target.panelId, target.version);
}

export function editorRoleActionId(action: EditorRoleAction, target: EditorTarget, panelRoleId: number): string {
  return buildCustomId('ed', action, target.panelId, target.version, panelRoleId);
}

export function editorRepostId(target: EditorTarget, channelId: string): string {
  return buildCustomId('ed', 'repost', target.panelId, target.version, channelId);
}

export function editorModalId(modal: EditorModal, target: EditorTarget): string {
  return buildCustomId('edm', modal, target.panelId, target.version);
}

export function editorRoleModalId(target: EditorTarget, roleId: string): string {
  return buildCustomId('edm', 'role', target.panelId, target.version, roleId);
}

/** Reads the panel id and version from a custom id matched by `pattern`; null when it does not match. */
export function parseEditorId(pattern: RegExp, customId: string): (EditorTarget & { extra: string | undefined }) | null {
  const match = pattern.exec(customId);
  if (!match) return null;
  const panelId = parseId(match[1]);
  const version = parseId(match[2]);
  if (panelId === null || version === null) return null;
  return { panelId, version, extra: match[3] };
}
