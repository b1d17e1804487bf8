import { buildEditorMessage, describeButtons } from '../../src/discord/editorView';
import { Panel, PanelRole } from '../../src/entities';

/** Builds a panel with 25 buttons whose labels and emoji are as long as the validators allow. */
function fullPanel(): Panel {
  const panel = Object.assign(new Panel(), {
    id: 7,
    guildId: '100000000000000001',
    channelId: null,
    messageId: null,
    title: 'T'.repeat(256),
    description: 'D'.repeat(4096),
    color: null,
    mode: 'toggle',
    maxRoles: null,
    requiredRoleId: null,
    version: 3,
  });
  panel.roles = Array.from({ length: 25 }, (_, index) =>
    Object.assign(new PanelRole(), {
      id: index + 1,
      panelId: 7,
      roleId: `2000000000000000${String(index).padStart(2, '0')}`,
      label: '_'.repeat(80),
      emoji: `<a:${'n'.repeat(32)}:${'1'.repeat(19)}>`,
      style: 'secondary',
      position: index,
    }),
  );
  return panel;
}

describe('editor view', () => {
  it('fits 25 long buttons in one description', () => {
    const text = describeButtons(fullPanel().roles);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain('25. ');
  });

  it('builds the editor for a full panel', () => {
    const message = buildEditorMessage(fullPanel(), { kind: 'main' });
    const embeds = (message.embeds ?? []).map((embed) => ('toJSON' in embed ? embed.toJSON() : embed));
    const total = embeds.reduce((sum, embed) => {
      const fields = (embed.fields ?? []).reduce((count, field) => count + field.name.length + field.value.length, 0);
      return sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fields + (embed.footer?.text.length ?? 0);
    }, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });

  it('keeps short labels whole', () => {
    const panel = fullPanel();
    panel.roles = panel.roles.slice(0, 2).map((role) => Object.assign(role, { label: 'Red *bold*' }));
    expect(describeButtons(panel.roles)).toContain('Red \\*bold\\*');
  });
});
