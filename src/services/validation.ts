import { Colors } from 'discord.js';
import { BUTTON_STYLES, PANEL_MODES, type PanelButtonStyle, type PanelMode } from '../entities';
import { UserError } from '../errors';

/**
 * Pure checks for what an admin types while configuring a panel. Each returns the cleaned
 * value or throws a ValidationError whose message names the value and the fix, so that
 * nothing is stored from invalid input.
 */

/**
 * Discord's embed limits: title 256 characters, description 4096.
 * NOTE: lengths here are JavaScript string lengths (UTF-16 code units), never fewer than the
 * code points Discord may count. Text outside the Basic Multilingual Plane (most emoji) can
 * therefore be rejected before Discord's own limit, but nothing too long for Discord passes.
 */
export const MAX_TITLE_LENGTH = 256;
export const MAX_DESCRIPTION_LENGTH = 4096;
/** Discord's button label limit. */
export const MAX_LABEL_LENGTH = 80;
/** Discord allows 5 rows of 5 buttons on one message. */
export const MAX_PANEL_ROLES = 25;
/** Maximum length of the excerpt of a rejected value that a message shows. */
const MAX_QUOTED_LENGTH = 100;

export class ValidationError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/**
 * Wraps user text in inline code for a reply, so markdown, mentions and links in it show as
 * typed. Backticks would end the code span, so they become a look-alike; line breaks become
 * spaces and long values are cut.
 */
export function quoteValue(value: string): string {
  let text = value.replace(/`/g, 'ˋ').replace(/[\r\n]+/g, ' ');
  if (text.length > MAX_QUOTED_LENGTH) text = `${text.slice(0, MAX_QUOTED_LENGTH - 1)}…`;
  return text.length === 0 ? '(empty)' : `\`${text}\``;
}

/**
 * Format characters (zero-width spaces and joiners, direction marks and overrides, the byte
 * order mark, the soft hyphen) and blank fillers that render as nothing. `trim()` keeps
 * them, so text made only of them would show as an empty title or button.
 */
const INVISIBLE = /[\s\p{Cf}\u115F\u1160\u3164\u2800\uFFA0]/gu;

/** True when `text` has at least one character that renders as something. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}

/**
 * Bidirectional embedding, override and isolate controls (U+202A to U+202E, U+2066 to
 * U+2069). One of them reverses how the rest of a line displays, so a button or title could
 * read differently from what was stored; right-to-left scripts themselves need none of them.
 */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;

/** Rejects text with a direction control, naming the field and the code point. */
function rejectDirectionControls(field: string, text: string): void {
  const found = DIRECTION_CONTROLS.exec(text);
  if (found === null) return;
  const codePoint = `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  throw new ValidationError(
    `The ${field} contains the invisible text direction control ${codePoint}, which would make it display differently from what was typed. Remove it and try again.`,
  );
}

/** Cuts `text` to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function validateTitle(raw: string): string {
  const title = raw.trim();
  if (!hasVisibleText(title)) throw new ValidationError('The title is empty. Type a title with at least one visible character.');
  rejectDirectionControls('title', title);
  if (title.length > MAX_TITLE_LENGTH) {
    throw new ValidationError(
      `The title ${quoteValue(title)} is ${title.length} characters long; Discord allows at most ${MAX_TITLE_LENGTH} in an embed title. Shorten it.`,
    );
  }
  return title;
}

/** An empty or missing description means the embed has none. */
export function validateDescription(raw: string | null | undefined): string | null {
  const description = (raw ?? '').trim();
  if (description.length === 0) return null;
  rejectDirectionControls('description', description);
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw new ValidationError(
      `The description is ${description.length} characters long; Discord allows at most ${MAX_DESCRIPTION_LENGTH} in an embed description. Shorten it.`,
    );
  }
  return description;
}

/** Color names accepted by `parseColor`: the keys of discord.js `Colors`, in lower case. */
export const COLOR_NAMES: ReadonlyMap<string, number> = new Map(
  Object.entries(Colors).map(([name, value]) => [name.toLowerCase(), value]),
);

/**
 * Parses `#RRGGBB`, `RRGGBB` or a color name (`red`, `dark blue`, `blurple`, ...; case,
 * spaces, hyphens and underscores ignored) into a 24-bit RGB integer. Empty means no color.
 */
export function parseColor(raw: string | null | undefined): number | null {
  const text = (raw ?? '').trim();
  if (text.length === 0) return null;

  const hex = /^#?([0-9a-f]{6})$/i.exec(text);
  if (hex) return Number.parseInt(hex[1], 16);
  const named = COLOR_NAMES.get(text.toLowerCase().replace(/[\s_-]+/g, ''));
  if (named !== undefined) return named;

  throw new ValidationError(
    `The color ${quoteValue(text)} is not valid. Use a hex code such as #5865F2 (or 5865F2), or one of these names: ${[...COLOR_NAMES.keys()].join(', ')}.`,
  );
}

/** Formats a stored color as `#RRGGBB`, the form `parseColor` reads back. */
export function formatColor(color: number): string {
  return `#${color.toString(16).padStart(6, '0').toUpperCase()}`;
}

/**
 * Checks a button label. A missing label defaults to the role's name, cut to Discord's 80
 * characters; a label that was typed but is blank is rejected rather than replaced.
 */
export function validateLabel(raw: string | null | undefined, roleName: string): string {
  if (raw === null || raw === undefined) return truncate(roleName, MAX_LABEL_LENGTH);
  const label = raw.trim();
  if (!hasVisibleText(label)) {
    throw new ValidationError('The button label is empty. Type a label with at least one visible character, or leave the option out to use the role\'s name.');
  }
  rejectDirectionControls('label', label);
  if (label.length > MAX_LABEL_LENGTH) {
    throw new ValidationError(
      `The label ${quoteValue(label)} is ${label.length} characters long; Discord allows at most ${MAX_LABEL_LENGTH} on a button. Shorten it.`,
    );
  }
  return label;
}

// One emoji as Discord shows it on a button: a keycap (1️⃣), a flag (two regional
// indicators), a subdivision flag (black flag plus tag characters), or pictographs with an
// optional variation selector or skin tone, joined by zero-width joiners (👩‍💻).
const KEYCAP = '[#*0-9]\\uFE0F?\\u20E3';
const FLAG = '\\p{Regional_Indicator}{2}';
const TAG_SEQUENCE = '\\u{1F3F4}[\\u{E0020}-\\u{E007E}]+\\u{E007F}';
const PICTOGRAPH = '\\p{Extended_Pictographic}\\uFE0F?\\p{Emoji_Modifier}?';
const UNICODE_EMOJI = new RegExp(`^(?:${KEYCAP}|${FLAG}|${TAG_SEQUENCE}|${PICTOGRAPH}(?:\\u200D${PICTOGRAPH})*)$`, 'u');
/** `<:name:id>` or `<a:name:id>` as Discord writes a custom emoji in message text. */
const CUSTOM_EMOJI = /^<a?:\w{2,32}:\d{17,20}>$/;

/** Checks a button emoji; empty means none. */
export function parseEmoji(raw: string | null | undefined): string | null {
  const text = (raw ?? '').trim();
  if (text.length === 0) return null;
  if (CUSTOM_EMOJI.test(text) || UNICODE_EMOJI.test(text)) return text;
  throw new ValidationError(
    `The emoji ${quoteValue(text)} is not valid. Use one Unicode emoji (such as 🎮) or a custom emoji as \\<:name:id> (type \\:name: in Discord to get that form), or leave it empty.`,
  );
}

/** Accepts a button style name in any case; empty keeps `fallback`. */
export function parseButtonStyle(raw: string | null | undefined, fallback: PanelButtonStyle): PanelButtonStyle {
  const text = (raw ?? '').trim().toLowerCase();
  if (text.length === 0) return fallback;
  if ((BUTTON_STYLES as readonly string[]).includes(text)) return text as PanelButtonStyle;
  throw new ValidationError(`The button style ${quoteValue(text)} is not valid. Use one of ${BUTTON_STYLES.join(', ')}.`);
}

export function parseMode(raw: string): PanelMode {
  const text = raw.trim().toLowerCase();
  if ((PANEL_MODES as readonly string[]).includes(text)) return text as PanelMode;
  throw new ValidationError(`The mode ${quoteValue(raw)} is not valid. Use one of ${PANEL_MODES.join(', ')}.`);
}

/** Checks max-roles when a panel is created: no roles exist yet, so 1 to 25 is allowed. */
export function validateMaxRolesAtCreate(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PANEL_ROLES) {
    throw new ValidationError(`max-roles ${quoteValue(String(value))} is not valid. Use a whole number from 1 to ${MAX_PANEL_ROLES}, or leave it out for no limit.`);
  }
  return value;
}

/**
 * Parses max-roles typed in the editor against the panel's current role count. Empty means
 * no limit; otherwise 1 to `roleCount`, because a higher cap than the number of roles
 * limits nothing.
 */
export function parseMaxRoles(raw: string, roleCount: number): number | null {
  const text = raw.trim();
  if (text.length === 0) return null;
  if (roleCount === 0) {
    throw new ValidationError('This panel has no roles yet, so a max-roles limit would mean nothing. Add roles first, or leave the field empty.');
  }
  const value = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > roleCount) {
    throw new ValidationError(
      `max-roles ${quoteValue(text)} is not valid for a panel with ${roleCount} role${roleCount === 1 ? '' : 's'}. Use a whole number from 1 to ${roleCount}, or leave it empty for no limit.`,
    );
  }
  return value;
}

/**
 * Returns the max-roles value to store once a panel has `roleCount` roles: a cap above the
 * role count is lowered to it, and with no roles left the cap is removed.
 */
export function clampMaxRoles(maxRoles: number | null, roleCount: number): number | null {
  if (maxRoles === null) return null;
  if (roleCount === 0) return null;
  return Math.min(maxRoles, roleCount);
}
