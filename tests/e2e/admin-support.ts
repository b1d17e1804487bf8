import type { MemberRef, ResponseView } from '../fake-discord';
import type { World } from './harness';

/** Roles made in `prepare` land at the bottom, below the admin's Manage Roles role, so the admin may hand them out. */
export const EXTRA_ROLE_COUNT = 26;

/** Reads panel id and version from the editor's footer ("Panel 3, version 2"). */
export function editorPanel(view: ResponseView): { panelId: number; version: number } {
  const footer: string | undefined = view.embeds[1]?.footer?.text;
  const match = footer ? /^Panel (\d+), version (\d+)$/.exec(footer) : null;
  if (!match) throw new Error(`not an editor message: ${view.content} ${JSON.stringify(view.embeds)}`);
  return { panelId: Number(match[1]), version: Number(match[2]) };
}

/** Finds the custom id on `view` that starts with `prefix` (for example `rp:ed:post:`). */
export function customIdStarting(view: ResponseView, prefix: string): string {
  const found = view.customIds.find((customId) => customId.startsWith(prefix));
  if (!found) throw new Error(`no custom id starting with ${prefix} among ${view.customIds.join(', ')}`);
  return found;
}

/** Helpers bound to one world: run `/panel` subcommands and create panels as the admin. */
export function adminSteps(world: () => World) {
  const slash = (subcommand: string, options: Record<string, unknown> = {}, member?: MemberRef, channelId?: string) =>
    world()
      .driver.runSlash(member ?? world().guild.members.admin, 'panel', subcommand, options, channelId ? { channelId } : {})
      .final();

  const create = async (title: string, options: Record<string, unknown> = {}) => {
    const view = await slash('create', { title, ...options });
    return { view, ...editorPanel(view) };
  };

  /** Creates a panel holding the first `count` extra roles, added through `/panel add-role`. */
  const createWithRoles = async (title: string, roleIds: string[]) => {
    const created = await create(title);
    for (const roleId of roleIds) {
      const reply = await slash('add-role', { panel: String(created.panelId), role: roleId });
      if (!reply.content.startsWith('Added')) throw new Error(`add-role failed: ${reply.content}`);
    }
    return created.panelId;
  };

  return { slash, create, createWithRoles };
}
