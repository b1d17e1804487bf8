import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { InteractionResult, RateLimitSettings, RecordedRequest } from '../tests/fake-discord';
import { readCpuMs, readMachineCpuMs, RssSampler, type SpawnedBot } from './processes';
import { elapsedMs, percentiles, type Percentiles } from './stats';
import { addMembers, type BenchWorld, type ClickTarget } from './world';

export interface StepOptions {
  name: string;
  /** Offered load: clicks are dispatched on a fixed schedule at this rate, whatever the bot does. */
  ratePerSecond: number;
  clicks: number;
  /** Limits the fake enforces during the step; null enforces none. */
  rateLimits: RateLimitSettings | null;
  /** Maximum wait for the last replies after the last click was dispatched. */
  drainTimeoutMs: number;
  /** Completion condition: every final reply (default), or only every acknowledgement. */
  waitFor?: 'reply' | 'ack';
}

export interface StepResult {
  name: string;
  offeredPerSecond: number;
  clicks: number;
  /** Clicks the generator could not dispatch (no gateway session, or it fell too far behind). */
  notSent: number;
  /** Dispatches per second actually achieved over the sending phase. */
  sentPerSecond: number;
  /** How late each dispatch left compared with its schedule: the generator's own lag. */
  dispatchLagMs: Percentiles;
  /** Gateway dispatch to the interaction callback (the deferral) arriving at the fake. */
  ackMs: Percentiles;
  /** Gateway dispatch to the member-role PUT arriving at the fake. */
  roleRequestMs: Percentiles;
  /** Gateway dispatch to the last edit of the reply (PATCH @original) arriving at the fake. */
  finalReplyMs: Percentiles;
  /** Response to the role request to the final reply: time the reply waited behind anything else. */
  replyAfterRoleMs: Percentiles;
  /** Clicks never acknowledged, or acknowledged too late for Discord (after 3 s). */
  lost: number;
  /** Clicks acknowledged but without a final reply, or whose member did not get the role; null when the step waited only for acknowledgements. */
  failed: number | null;
  /** Up to three final replies of failed clicks, and why a click could not be sent, for reading what went wrong. */
  failureSamples: string[];
  /**
   * Event-loop delay of the bench process (the fake and the generator) while sending. The
   * fake stamps requests when its loop reads them, so a delay here inflates every latency.
   */
  benchLoopDelayMs: { p99: number; max: number };
  /** 429 responses the fake sent during the step. */
  rateLimited: number;
  peakRssMb: number;
  /** CPU time the bot used while the clicks were being sent, in percent of one core. */
  cpuPercent: number | null;
  /**
   * CPU used while sending by processes other than the bot and the bench, in percent of one
   * core. Anything well above 0 means other work on the machine competed for the 2 cores.
   */
  otherCpuPercent: number | null;
  /** CPU time the bot used per click sent, over the whole step including the drain, in milliseconds. */
  cpuMsPerClick: number | null;
  wallMs: number;
}

const MEMBER_ROLE_ROUTE = '/guilds/:guild_id/members/:user_id/roles/:role_id';
/** The generator gives up on the rest of a step when it falls this far behind its schedule. */
const MAX_SCHEDULE_SLIP_MS = 10_000;
const POLL_MS = 50;

/**
 * Dispatches `count` clicks open-loop: click i leaves at start + i / rate, whether or not
 * earlier clicks got a reply. Returns each dispatch's lag behind its schedule.
 */
export function sendOnSchedule(count: number, ratePerSecond: number, send: (index: number) => void): Promise<{ lagsMs: number[]; sendingMs: number }> {
  const intervalMs = 1000 / ratePerSecond;
  const startedAt = process.hrtime.bigint();
  const lagsMs: number[] = [];
  let next = 0;

  return new Promise((resolve) => {
    const tick = (): void => {
      let nowMs = elapsedMs(startedAt, process.hrtime.bigint());
      while (next < count && nowMs >= next * intervalMs) {
        const lag = nowMs - next * intervalMs;
        if (lag > MAX_SCHEDULE_SLIP_MS) {
          next = count;
          break;
        }
        lagsMs.push(lag);
        send(next);
        next += 1;
        nowMs = elapsedMs(startedAt, process.hrtime.bigint());
      }
      if (next >= count) {
        resolve({ lagsMs, sendingMs: nowMs });
        return;
      }
      setTimeout(tick, Math.max(0, Math.floor(next * intervalMs - nowMs)));
    };
    tick();
  });
}

function isReplied(result: InteractionResult): boolean {
  return result.record.events.some((event) => event.kind === 'edit-original');
}

function isAcknowledged(result: InteractionResult): boolean {
  return result.record.callbackAt !== null;
}

/** Waits until every click is done, the deadline passes, or the bot exits. */
async function waitForClicks(results: InteractionResult[], isDone: (result: InteractionResult) => boolean, bot: SpawnedBot, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = results.filter((result) => !isDone(result));
  while (pending.length > 0 && Date.now() < deadline && bot.process.child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    pending = pending.filter((result) => !isDone(result));
  }
}

/** Returns the machine's CPU use minus the bot's and the bench's, in percent of one core. */
function otherCpuPercent(before: number | null, after: number | null, botMs: number | null, benchMs: number, wallMs: number): number | null {
  if (before === null || after === null || botMs === null || wallMs <= 0) return null;
  const otherMs = Math.max(0, after - before - botMs - benchMs);
  return Math.round((otherMs / wallMs) * 1000) / 10;
}

/** Indexes the step's requests: each member's first role request, and each token's last reply edit. */
function indexRequests(requests: RecordedRequest[]) {
  const roleRequestByUser = new Map<string, RecordedRequest>();
  const finalReplyByToken = new Map<string, RecordedRequest>();
  for (const request of requests) {
    if (request.route === MEMBER_ROLE_ROUTE) {
      const userId = request.path.split('/')[4];
      if (!roleRequestByUser.has(userId)) roleRequestByUser.set(userId, request);
    } else if (request.method === 'PATCH' && request.path.endsWith('/messages/@original') && request.status < 300) {
      // The path is /webhooks/<application id>/<token>/messages/@original.
      finalReplyByToken.set(request.path.split('/')[3], request);
    }
  }
  return { roleRequestByUser, finalReplyByToken };
}

/**
 * Runs one load step against a running bot: fresh members click the target's buttons on an
 * open-loop schedule, then the step waits for the replies and measures every click from
 * the fake's recorder.
 */
export async function runStep(world: BenchWorld, bot: SpawnedBot, target: ClickTarget, options: StepOptions): Promise<StepResult> {
  const { fake, driver } = world;
  const members = addMembers(world, options.clicks, options.name);
  fake.setRateLimits(options.rateLimits);
  fake.recorder.clear();

  const results: InteractionResult[] = [];
  const sendErrors: string[] = [];
  const sampler = new RssSampler(bot.pid).start();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuBefore = readCpuMs(bot.pid);
  const machineCpuBefore = readMachineCpuMs();
  const benchCpuBefore = process.cpuUsage();
  const startedAt = process.hrtime.bigint();

  const { lagsMs, sendingMs } = await sendOnSchedule(options.clicks, options.ratePerSecond, (index) => {
    try {
      results.push(driver.click(members[index], { id: target.messageId }, target.customIds[index % target.customIds.length]));
    } catch (error) {
      // Only a lost gateway session makes the driver throw here; the first message goes in the report.
      if (sendErrors.length === 0) sendErrors.push(error instanceof Error ? error.message : String(error));
    }
  });
  const notSent = options.clicks - results.length;
  const cpuAfterSending = readCpuMs(bot.pid);
  const machineCpuAfterSending = readMachineCpuMs();
  const benchCpu = process.cpuUsage(benchCpuBefore);
  loopDelay.disable();
  const repliesCount = options.waitFor !== 'ack';
  await waitForClicks(results, repliesCount ? isReplied : isAcknowledged, bot, options.drainTimeoutMs);

  const wallMs = elapsedMs(startedAt, process.hrtime.bigint());
  const cpuAfter = readCpuMs(bot.pid);
  const peakRssMb = sampler.stop();
  fake.setRateLimits(null);

  const { roleRequestByUser, finalReplyByToken } = indexRequests(fake.recorder.requests);
  const ack: Array<number | null> = [];
  const role: Array<number | null> = [];
  const final: Array<number | null> = [];
  const replyAfterRole: Array<number | null> = [];
  let lost = 0;
  let failed = 0;
  const failureSamples: string[] = [];

  for (const result of results) {
    const record = result.record;
    const dispatchedAt = fake.recorder.interactionDispatchedAt.get(record.id) ?? null;
    if (dispatchedAt === null || record.callbackAt === null) {
      lost += 1;
      continue;
    }
    ack.push(elapsedMs(dispatchedAt, record.callbackAt));

    const roleRequest = roleRequestByUser.get(record.userId);
    const finalReply = finalReplyByToken.get(record.token);
    role.push(roleRequest ? elapsedMs(dispatchedAt, roleRequest.receivedAt) : null);
    final.push(finalReply ? elapsedMs(dispatchedAt, finalReply.receivedAt) : null);
    if (roleRequest?.respondedAt && finalReply) replyAfterRole.push(elapsedMs(roleRequest.respondedAt, finalReply.receivedAt));

    const granted = fake.memberRoles(record.guildId, record.userId).length > 0;
    if (!finalReply || !granted) {
      failed += 1;
      if (failureSamples.length < 3) {
        const content = record.originalMessageId ? fake.storedMessage(record.originalMessageId)?.content : undefined;
        failureSamples.push(`${finalReply ? 'reply' : 'no reply'}, role ${granted ? 'granted' : 'not granted'}: ${content ?? '(no message)'}`);
      }
    }
  }
  if (sendErrors.length > 0) failureSamples.push(`not sent: ${sendErrors[0]}`);

  return {
    name: options.name,
    offeredPerSecond: options.ratePerSecond,
    clicks: options.clicks,
    notSent,
    sentPerSecond: Math.round((results.length / Math.max(sendingMs, 1)) * 1000 * 10) / 10,
    dispatchLagMs: percentiles(lagsMs),
    ackMs: percentiles(ack),
    roleRequestMs: percentiles(role),
    finalReplyMs: percentiles(final),
    replyAfterRoleMs: percentiles(replyAfterRole),
    lost,
    failed: repliesCount ? failed : null,
    failureSamples,
    benchLoopDelayMs: { p99: Math.round(loopDelay.percentile(99) / 1e4) / 100, max: Math.round(loopDelay.max / 1e4) / 100 },
    rateLimited: fake.recorder.rateLimitedCount,
    peakRssMb: Math.round(peakRssMb * 10) / 10,
    cpuPercent: cpuBefore !== null && cpuAfterSending !== null ? Math.round(((cpuAfterSending - cpuBefore) / sendingMs) * 1000) / 10 : null,
    otherCpuPercent: otherCpuPercent(
      machineCpuBefore,
      machineCpuAfterSending,
      cpuBefore !== null && cpuAfterSending !== null ? cpuAfterSending - cpuBefore : null,
      (benchCpu.user + benchCpu.system) / 1000,
      sendingMs,
    ),
    cpuMsPerClick: cpuBefore !== null && cpuAfter !== null && results.length > 0 ? Math.round(((cpuAfter - cpuBefore) / results.length) * 100) / 100 : null,
    wallMs: Math.round(wallMs),
  };
}
