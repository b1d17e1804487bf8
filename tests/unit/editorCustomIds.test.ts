import {
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
  parseEditorId,
  roleButtonId,
} from '../../src/discord/customIds';

const target = { panelId: 2147483647, version: 2147483647 };
const snowflake = '12345678901234567890';

const allPatterns: RegExp[] = [
  CUSTOM_ID_PATTERNS.roleButton,
  ...Object.values(EDITOR_PATTERNS.action),
  ...Object.values(EDITOR_PATTERNS.roleAction),
  ...Object.values(EDITOR_PATTERNS.modal),
  EDITOR_PATTERNS.repost,
  EDITOR_PATTERNS.roleModal,
];

const samples: string[] = [
  roleButtonId(7),
  ...EDITOR_ACTIONS.map((action) => editorActionId(action, target)),
  ...EDITOR_ROLE_ACTIONS.map((action) => editorRoleActionId(action, target, 2147483647)),
  ...EDITOR_MODALS.map((modal) => editorModalId(modal, target)),
  editorRepostId(target, snowflake),
  editorRoleModalId(target, snowflake),
];

describe('editor custom ids', () => {
  it.each(samples)('%s matches one pattern', (customId) => {
    expect(allPatterns.filter((pattern) => pattern.test(customId))).toHaveLength(1);
  });

  it('stay within 100 characters', () => {
    for (const customId of samples) expect(customId.length).toBeLessThanOrEqual(100);
  });

  it('never match the role button pattern', () => {
    for (const customId of samples.slice(1)) expect(CUSTOM_ID_PATTERNS.roleButton.test(customId)).toBe(false);
  });

  it('parse back panel, version and extra', () => {
    const parsed = parseEditorId(EDITOR_PATTERNS.repost, editorRepostId({ panelId: 3, version: 9 }, snowflake));
    expect(parsed).toEqual({ panelId: 3, version: 9, extra: snowflake });
  });

  it('reject a version out of range', () => {
    expect(parseEditorId(EDITOR_PATTERNS.action.post, 'rp:ed:post:3:9999999999')).toBeNull();
  });

  it('reject trailing text', () => {
    expect(EDITOR_PATTERNS.action.post.test(`${editorActionId('post', target)}:1`)).toBe(false);
  });
});
