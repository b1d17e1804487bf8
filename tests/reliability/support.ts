import fs from 'node:fs';
import type { FakeDiscord, MemberRef, RecordedRequest } from '../fake-discord';
import { CallbackType } from '../fake-discord';
import type { BotProcess } from '../e2e/harness';

/** Discord fails an interaction whose callback does not arrive within 3 s of its creation. */
export const DISCORD_ACK_LIMIT_MS = 3000;

const MEMBER_ROLE_ROUTE = '/guilds/:guild_id/members/:user_id/roles/:role_id';

/** Member-role PUTs and DELETEs of `member` that the fake responded to with success. */
export function appliedRoleRequests(fake: FakeDiscord, member: MemberRef): RecordedRequest[] {
  const prefix = `/guilds/${member.guildId}/members/${member.userId}/roles/`;
  return fake.recorder.requests.filter(
    (request) => request.route === MEMBER_ROLE_ROUTE && request.path.startsWith(prefix) && request.status >= 200 && request.status < 300,
  );
}

/** Milliseconds from the first dispatch of each interaction to its callback; null for one never acknowledged. */
export function ackDelays(fake: FakeDiscord, interactionIds: string[]): Array<number | null> {
  return interactionIds.map((id) => {
    const timeline = fake.recorder.timeline(id);
    return timeline.ackMs;
  });
}

/** Number of callbacks per interaction id that the fake accepted (2xx). */
export function successfulCallbacks(fake: FakeDiscord): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of fake.recorder.requests) {
    if (request.route !== '/interactions/:interaction_id/:interaction_token/callback') continue;
    if (request.status < 200 || request.status >= 300) continue;
    const interactionId = request.path.split('/')[2];
    counts.set(interactionId, (counts.get(interactionId) ?? 0) + 1);
  }
  return counts;
}

/** Callback requests the fake rejected as already acknowledged (40060) or expired (10062). */
export function rejectedCallbacks(fake: FakeDiscord): RecordedRequest[] {
  return fake.recorder.requests.filter(
    (request) =>
      request.route === '/interactions/:interaction_id/:interaction_token/callback' && (request.errorCode === 40060 || request.errorCode === 10062),
  );
}

/** True once the interaction's deferred reply has been edited into its final reply. */
export function isAnswered(fake: FakeDiscord, interactionId: string): boolean {
  const record = fake.interactions.get(interactionId);
  if (!record || record.callbackType !== CallbackType.DeferredChannelMessageWithSource) return false;
  return record.events.some((event) => event.kind === 'edit-original');
}

/** The content of the interaction's reply as it is stored now. */
export function replyContent(fake: FakeDiscord, interactionId: string): string {
  const record = fake.interactions.get(interactionId);
  const message = record?.originalMessageId ? fake.state.messages.get(record.originalMessageId) : undefined;
  return message?.content ?? '';
}

/** Polls every 100 ms until `check` is true; fails after `timeoutMs` with `describe()` in the message. */
export async function waitUntil(what: string, check: () => boolean, timeoutMs: number, describe: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}. ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Samples the resident set size of a process from /proc every `intervalMs` until stopped. */
export class RssSampler {
  private peakKb = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    // A test that fails before stop() must not keep jest running.
    this.timer.unref();
  }

  get peakMb(): number {
    return this.peakKb / 1024;
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peakMb;
  }

  private sample(): void {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
      if (match) this.peakKb = Math.max(this.peakKb, Number(match[1]));
    } catch {
      // The process has exited; the peak so far is kept.
    }
  }
}

/**
 * Bodies of every message sent or edited (channel messages, callbacks, reply edits), for the
 * ping check; `notFromBot` lists requests a test made itself, such as seeded panel posts.
 */
export function botMessageBodies(fake: FakeDiscord, notFromBot: ReadonlySet<RecordedRequest> = new Set()): Array<Record<string, unknown>> {
  return fake.recorder.requests
    .filter((request) => (request.method === 'POST' || request.method === 'PATCH') && !notFromBot.has(request))
    .map((request) => request.body as Record<string, unknown> | undefined)
    .map((body) => (body && typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : body))
    .filter((body): body is Record<string, unknown> => body !== undefined && body !== null && ('content' in body || 'embeds' in body));
}

/** Lines the bot wrote that contain `secret` anywhere, structured or raw. */
export function linesContaining(bot: BotProcess, secret: string): string[] {
  const lines = [...bot.logs.map((line) => JSON.stringify(line)), ...bot.rawOutput];
  return lines.filter((line) => line.includes(secret));
}
