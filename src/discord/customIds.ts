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
