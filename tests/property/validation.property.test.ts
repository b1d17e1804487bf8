import fc from 'fast-check';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_PANEL_ROLES,
  MAX_TITLE_LENGTH,
  parseButtonStyle,
  parseColor,
  parseEmoji,
  parseMaxRoles,
  parseMode,
  quoteValue,
  validateDescription,
  validateLabel,
  validateMaxRolesAtCreate,
  validateTitle,
  ValidationError,
} from '../../src/services/validation';

/** Characters that show nothing on their own: zero-width, joiners, direction marks and overrides, the byte order mark. */
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u00AD'];

/** Text an admin may type: anything, with extra weight on whitespace, invisible characters, markdown and mentions. */
const typed = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(' ', '\t', '\n', ...INVISIBLE), { maxLength: 10 }).map((chars) => chars.join('')),
  fc.constantFrom('@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>', '**bold**', '`code`', '||spoiler||', '# heading'),
  fc.tuple(fc.string({ maxLength: 5 }), fc.integer({ min: 0, max: 5000 })).map(([unit, times]) => unit.repeat(times)),
);

/** Runs `validate`; returns the value, or the ValidationError's message. Any other error fails the property. */
function outcome<T>(validate: () => T): { ok: true; value: T } | { ok: false; message: string } {
  try {
    return { ok: true, value: validate() };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { ok: false, message: error.userMessage };
  }
}

/** Text direction controls, which the validators reject wherever they stand. */
const DIRECTION_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

const visible = (text: string) => text.replace(new RegExp(`[\\s${INVISIBLE.join('')}]`, 'gu'), '').length > 0;

describe('validators', () => {
  it('title within limits or named', () => {
    fc.assert(
      fc.property(typed, (raw) => {
        const result = outcome(() => validateTitle(raw));
        if (result.ok) {
          expect(result.value.length).toBeGreaterThan(0);
          expect(result.value.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
          expect(visible(result.value)).toBe(true);
          expect(result.value).not.toMatch(DIRECTION_CONTROL);
        } else if (visible(raw) && DIRECTION_CONTROL.test(raw)) {
          expect(result.message).toContain('The title contains the invisible text direction control');
        } else if (raw.trim().length > MAX_TITLE_LENGTH) {
          expect(result.message).toContain(quoteValue(raw.trim()));
        } else {
          expect(result.message).toContain('The title is empty');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('description within limits', () => {
    fc.assert(
      fc.property(typed, (raw) => {
        const result = outcome(() => validateDescription(raw));
        if (result.ok) {
          expect((result.value ?? '').length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
          expect(result.value ?? '').not.toMatch(DIRECTION_CONTROL);
        } else if (DIRECTION_CONTROL.test(raw)) {
          expect(result.message).toContain('The description contains the invisible text direction control');
        } else {
          expect(result.message).toContain(`${raw.trim().length} characters`);
        }
      }),
    );
  });

  it('label within limits or named', () => {
    fc.assert(
      fc.property(typed, fc.string({ minLength: 1, maxLength: 100 }), (raw, roleName) => {
        const result = outcome(() => validateLabel(raw, roleName));
        if (result.ok) {
          expect(result.value.length).toBeGreaterThan(0);
          expect(result.value.length).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
          expect(visible(result.value)).toBe(true);
          expect(result.value).not.toMatch(DIRECTION_CONTROL);
        } else if (visible(raw) && DIRECTION_CONTROL.test(raw)) {
          expect(result.message).toContain('The label contains the invisible text direction control');
        } else if (raw.trim().length > MAX_LABEL_LENGTH) {
          expect(result.message).toContain(quoteValue(raw.trim()));
        } else {
          expect(result.message).toContain('The button label is empty');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('color is 24-bit or named', () => {
    const hex = fc.stringMatching(/^#?[0-9a-fA-F]{6}$/);
    fc.assert(
      fc.property(fc.oneof(typed, hex), (raw) => {
        const result = outcome(() => parseColor(raw));
        if (result.ok) {
          if (result.value !== null) expect(result.value).toBeGreaterThanOrEqual(0);
          if (result.value !== null) expect(result.value).toBeLessThanOrEqual(0xffffff);
        } else {
          expect(result.message).toContain(quoteValue(raw.trim()));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('emoji is one emoji or named', () => {
    fc.assert(
      fc.property(typed, (raw) => {
        const result = outcome(() => parseEmoji(raw));
        if (result.ok && result.value !== null) expect(visible(result.value)).toBe(true);
        if (!result.ok) expect(result.message).toContain(quoteValue(raw.trim()));
      }),
      { numRuns: 1000 },
    );
  });

  it('style and mode come from their lists', () => {
    fc.assert(
      fc.property(typed, (raw) => {
        const style = outcome(() => parseButtonStyle(raw, 'secondary'));
        if (style.ok) expect(['primary', 'secondary', 'success', 'danger']).toContain(style.value);
        else expect(style.message).toContain(quoteValue(raw.trim().toLowerCase()));
        const mode = outcome(() => parseMode(raw));
        if (mode.ok) expect(['toggle', 'unique', 'verify', 'drop']).toContain(mode.value);
        else expect(mode.message).toContain(quoteValue(raw));
      }),
    );
  });

  it('max-roles stays in range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), (value) => {
        const result = outcome(() => validateMaxRolesAtCreate(value));
        if (result.ok) expect(result.value).toBeGreaterThanOrEqual(1);
        if (result.ok) expect(result.value).toBeLessThanOrEqual(MAX_PANEL_ROLES);
        if (!result.ok) expect(result.message).toContain(quoteValue(String(value)));
      }),
    );
    fc.assert(
      fc.property(fc.oneof(typed, fc.integer().map(String)), fc.integer({ min: 0, max: MAX_PANEL_ROLES }), (raw, roleCount) => {
        const result = outcome(() => parseMaxRoles(raw, roleCount));
        if (result.ok && result.value !== null) {
          expect(result.value).toBeGreaterThanOrEqual(1);
          expect(result.value).toBeLessThanOrEqual(roleCount);
        }
        if (!result.ok && roleCount > 0) expect(result.message).toContain(quoteValue(raw.trim()));
      }),
    );
  });
});
