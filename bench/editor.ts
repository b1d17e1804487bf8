import type { InteractionResult } from '../tests/fake-discord';
import { sendOnSchedule } from './load';
import { RssSampler } from './processes';
import type { BenchPlan } from './scenarios';
import type { BenchSession, EditorFigures } from './session';
import { elapsedMs, percentiles } from './stats';

/** Callback type of a reply sent with the acknowledgement itself. */
const CHANNEL_MESSAGE_WITH_SOURCE = 4;

function registersPanelEdit(session: BenchSession): boolean {
  const { state } = session.world.fake;
  const commands = [...state.guildCommandMap(session.world.guild.guildId).values(), ...state.globalCommands.values()];
  return commands.some(
    (command) => command.definition.name === 'panel' && (command.definition.options ?? []).some((option: { name: string }) => option.name === 'edit'),
  );
}

/**
 * Measures the editor display path: the admin runs `/panel edit` on the seeded panel,
 * open-loop. Each run is timed from its gateway dispatch to the editor reply, which is the
 * first edit of a deferred reply or a reply sent with the callback.
 */
export async function measureEditor(session: BenchSession, plan: BenchPlan): Promise<EditorFigures> {
  if (session.kind === 'floor') return { measured: false, reason: 'the floor bot has no editor' };
  if (!registersPanelEdit(session)) return { measured: false, reason: 'the bot registers no /panel edit command yet' };
  const panelId = session.clickTarget.panelId;
  if (panelId === null) return { measured: false, reason: 'the seeded panel has no database id' };

  const { fake, driver, guild } = session.world;
  fake.recorder.clear();
  const sampler = new RssSampler(session.running.pid).start();
  const results: InteractionResult[] = [];
  await sendOnSchedule(plan.editorCommands, plan.editorPerSecond, () => {
    results.push(driver.runSlash(guild.members.admin, 'panel', 'edit', { panel: String(panelId) }));
  });
  await Promise.allSettled(results.map((result) => result.reply({ timeoutMs: 10_000 })));
  const peakRssMb = sampler.stop();

  const firstEditByToken = new Map<string, bigint>();
  for (const request of fake.recorder.requests) {
    if (request.method !== 'PATCH' || !request.path.endsWith('/messages/@original') || request.status >= 300) continue;
    const token = request.path.split('/')[3];
    if (!firstEditByToken.has(token)) firstEditByToken.set(token, request.receivedAt);
  }
  const displayMs = results.map((result) => {
    const { record } = result;
    const dispatchedAt = fake.recorder.interactionDispatchedAt.get(record.id);
    const shownAt = record.callbackType === CHANNEL_MESSAGE_WITH_SOURCE ? record.callbackAt : firstEditByToken.get(record.token);
    return dispatchedAt === undefined || shownAt === undefined || shownAt === null ? null : elapsedMs(dispatchedAt, shownAt);
  });
  const summary = percentiles(displayMs);
  if (summary.count < results.length) {
    return { measured: false, reason: `${results.length - summary.count} of ${results.length} /panel edit runs got no editor reply` };
  }
  return { measured: true, displayMs: summary, peakRssMb: Math.round(peakRssMb * 10) / 10 };
}
