import type { InteractionStore } from './interactions';

/** One REST request and the fake's response to it. */
export interface RecordedRequest {
  method: string;
  /** The path after the API version, percent-decoded, e.g. `/webhooks/1/abc/messages/@original`. */
  path: string;
  /** The matched route template, e.g. `/guilds/:guild_id/members/:user_id/roles/:role_id`, or null when no route matched. */
  route: string | null;
  query: Record<string, string>;
  body: unknown;
  /** The `X-Audit-Log-Reason` header, URI-decoded, when present. */
  auditLogReason: string | null;
  status: number;
  /** Discord's JSON error code when the response was an error. */
  errorCode: number | null;
  rateLimited: boolean;
  /** process.hrtime.bigint() when the request arrived and when the fake responded (null when it hung). */
  receivedAt: bigint;
  respondedAt: bigint | null;
}

/** One gateway dispatch written to a socket. */
export interface RecordedDispatch {
  sessionId: string;
  sequence: number;
  event: string;
  sentAt: bigint;
  replayed: boolean;
}

/** Latencies of one interaction, in milliseconds from its first dispatch. */
export interface InteractionTimeline {
  interactionId: string;
  dispatchedAt: bigint | null;
  callbackAt: bigint | null;
  roleRequestAt: bigint | null;
  ackMs: number | null;
  roleRequestMs: number | null;
}

const MEMBER_ROLE_ROUTE = '/guilds/:guild_id/members/:user_id/roles/:role_id';

function elapsedMs(from: bigint | null, to: bigint | null): number | null {
  if (from === null || to === null) return null;
  return Number(to - from) / 1e6;
}

/** Records every REST request and gateway dispatch, with high-resolution times. */
export class Recorder {
  readonly requests: RecordedRequest[] = [];
  readonly dispatches: RecordedDispatch[] = [];
  /** Time the first INTERACTION_CREATE for each interaction id was written to a socket. */
  readonly interactionDispatchedAt = new Map<string, bigint>();

  constructor(private readonly interactions: InteractionStore) {}

  get rateLimitedCount(): number {
    return this.requests.filter((request) => request.rateLimited).length;
  }

  get unknownRoutes(): RecordedRequest[] {
    return this.requests.filter((request) => request.route === null);
  }

  /** Requests whose route template (or path) matches, e.g. `recorder.find('PUT', /roles/)`. */
  find(method: string, pattern: RegExp | string): RecordedRequest[] {
    return this.requests.filter((request) => {
      if (request.method !== method) return false;
      const target = request.route ?? request.path;
      return typeof pattern === 'string' ? target === pattern || request.path === pattern : pattern.test(request.path);
    });
  }

  /**
   * Computes dispatch-to-ack and dispatch-to-role-request latency. The role
   * request is the first member-role PUT or DELETE for the interaction's
   * member in its guild that arrived after the dispatch.
   * NOTE: two quick clicks by one member both match the first role request
   * that follows them; benchmarks should use a distinct member per click.
   */
  timeline(interactionId: string): InteractionTimeline {
    const interaction = this.interactions.get(interactionId);
    const dispatchedAt = this.interactionDispatchedAt.get(interactionId) ?? null;
    let roleRequestAt: bigint | null = null;

    if (interaction && dispatchedAt !== null) {
      const prefix = `/guilds/${interaction.guildId}/members/${interaction.userId}/roles/`;
      const roleRequest = this.requests.find(
        (request) =>
          request.route === MEMBER_ROLE_ROUTE &&
          request.path.startsWith(prefix) &&
          request.receivedAt >= dispatchedAt,
      );
      roleRequestAt = roleRequest?.receivedAt ?? null;
    }

    const callbackAt = interaction?.callbackAt ?? null;
    return {
      interactionId,
      dispatchedAt,
      callbackAt,
      roleRequestAt,
      ackMs: elapsedMs(dispatchedAt, callbackAt),
      roleRequestMs: elapsedMs(dispatchedAt, roleRequestAt),
    };
  }

  clear(): void {
    this.requests.length = 0;
    this.dispatches.length = 0;
    this.interactionDispatchedAt.clear();
  }
}
