import fc from 'fast-check';
import {
  buildCustomId,
  CUSTOM_ID_PATTERNS,
  EDITOR_ACTIONS,
  EDITOR_MODALS,
  EDITOR_PATTERNS,
  EDITOR_ROLE_ACTIONS,
  editorActionId,
  editorModalId,
  editorRepostId,
  editorRoleActionId,
  editorRoleModalId,
  MAX_CUSTOM_ID_LENGTH,
  parseEditorId,
  parseRoleButtonId,
} from '../../src/discord/customIds';
import { roleButtonId } from '../../src/discord/customIds';

/** Database ids are positive 32-bit integers. */
const databaseId = fc.integer({ min: 1, max: 2147483647 });
/** Discord snowflakes have 17 to 20 digits. */
const snowflake = fc.stringMatching(/^[1-9]\d{16,19}$/);
const target = fc.record({ panelId: databaseId, version: databaseId });

const allPatterns: Array<[string, RegExp]> = [
  ['roleButton', CUSTOM_ID_PATTERNS.roleButton],
  ...Object.entries(EDITOR_PATTERNS.action).map(([name, pattern]): [string, RegExp] => [`action.${name}`, pattern]),
  ...Object.entries(EDITOR_PATTERNS.roleAction).map(([name, pattern]): [string, RegExp] => [`roleAction.${name}`, pattern]),
  ...Object.entries(EDITOR_PATTERNS.modal).map(([name, pattern]): [string, RegExp] => [`modal.${name}`, pattern]),
  ['repost', EDITOR_PATTERNS.repost],
  ['roleModal', EDITOR_PATTERNS.roleModal],
];

const matchingPatterns = (customId: string) => allPatterns.filter(([, pattern]) => pattern.test(customId)).map(([name]) => name);

/** Every custom id the bot can build, paired with the one pattern that must match it and what parsing must return. */
const builtId = fc.oneof(
  databaseId.map((id) => ({ customId: roleButtonId(id), pattern: 'roleButton', panelId: id, version: null, extra: undefined })),
  fc.tuple(fc.constantFrom(...EDITOR_ACTIONS), target).map(([action, at]) => ({
    customId: editorActionId(action, at),
    pattern: `action.${action}`,
    ...at,
    extra: undefined,
  })),
  fc.tuple(fc.constantFrom(...EDITOR_ROLE_ACTIONS), target, databaseId).map(([action, at, panelRoleId]) => ({
    customId: editorRoleActionId(action, at, panelRoleId),
    pattern: `roleAction.${action}`,
    ...at,
    extra: String(panelRoleId),
  })),
  fc.tuple(target, snowflake).map(([at, channelId]) => ({ customId: editorRepostId(at, channelId), pattern: 'repost', ...at, extra: channelId })),
  fc.tuple(fc.constantFrom(...EDITOR_MODALS), target).map(([modal, at]) => ({
    customId: editorModalId(modal, at),
    pattern: `modal.${modal}`,
    ...at,
    extra: undefined,
  })),
  fc.tuple(target, snowflake).map(([at, roleId]) => ({ customId: editorRoleModalId(at, roleId), pattern: 'roleModal', ...at, extra: roleId })),
);

/** Strings near the real format: prefixes, separators, digits and noise, so the patterns are exercised at their edges. */
const nearMiss = fc
  .array(fc.oneof(fc.constantFrom('rp', ':', 'role', 'ed', 'edm', 'text', 'repost', '0', '1', '9', '-', ' ', '\n', 'ـ', '١'), fc.string({ maxLength: 4 })), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

describe('custom id format', () => {
  it('round trip through parse', () => {
    fc.assert(
      fc.property(builtId, (built) => {
        if (built.pattern === 'roleButton') {
          expect(parseRoleButtonId(built.customId)).toBe(built.panelId);
          return;
        }
        const pattern = allPatterns.find(([name]) => name === built.pattern)?.[1] as RegExp;
        expect(parseEditorId(pattern, built.customId)).toEqual({ panelId: built.panelId, version: built.version, extra: built.extra });
      }),
    );
  });

  it('built ids match one pattern', () => {
    fc.assert(fc.property(builtId, (built) => expect(matchingPatterns(built.customId)).toEqual([built.pattern])));
  });

  it('no string matches two patterns', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nearMiss), (text) => expect(matchingPatterns(text).length).toBeLessThanOrEqual(1)), {
      numRuns: 2000,
    });
  });

  it('built ids fit in 100 characters', () => {
    fc.assert(fc.property(builtId, (built) => expect(built.customId.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH)));
  });

  it('builder rejects over 100 characters', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 20 }), (parts) => {
        let built: string | null = null;
        try {
          built = buildCustomId(...parts);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          expect(['rp', ...parts].join(':').length).toBeGreaterThan(MAX_CUSTOM_ID_LENGTH);
          return;
        }
        expect(built.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
      }),
    );
  });

  it('parse never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 300 }), nearMiss), (text) => {
        const panelRoleId = parseRoleButtonId(text);
        expect(panelRoleId === null || (Number.isInteger(panelRoleId) && panelRoleId > 0)).toBe(true);
        for (const [, pattern] of allPatterns) {
          const parsed = parseEditorId(pattern, text);
          if (parsed !== null) expect(parsed.panelId).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('out-of-range ids parse to null', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2147483648n, max: 9999999999n }), (id) => {
        expect(parseRoleButtonId(`rp:role:${id}`)).toBeNull();
        expect(parseEditorId(EDITOR_PATTERNS.action.main, `rp:ed:main:${id}:1`)).toBeNull();
      }),
    );
    expect(parseRoleButtonId('rp:role:0')).toBeNull();
  });
});
