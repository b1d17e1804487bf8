import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';
import type { FakeState, Json } from './model';
import { toApiUser, toGuildCreate } from './model';
import type { Recorder } from './recorder';

/** Gateway opcodes (API v10). */
export const GatewayOpcode = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Gateway intent bits (API v10) of the events the fake dispatches. */
export const GatewayIntent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
} as const;

/** The intent a bot needs to receive each event; events not listed need none (INTERACTION_CREATE). */
const EVENT_INTENTS: Record<string, number> = {
  GUILD_CREATE: GatewayIntent.Guilds,
  GUILD_UPDATE: GatewayIntent.Guilds,
  GUILD_DELETE: GatewayIntent.Guilds,
  GUILD_ROLE_CREATE: GatewayIntent.Guilds,
  GUILD_ROLE_UPDATE: GatewayIntent.Guilds,
  GUILD_ROLE_DELETE: GatewayIntent.Guilds,
  CHANNEL_CREATE: GatewayIntent.Guilds,
  CHANNEL_UPDATE: GatewayIntent.Guilds,
  CHANNEL_DELETE: GatewayIntent.Guilds,
  GUILD_MEMBER_ADD: GatewayIntent.GuildMembers,
  GUILD_MEMBER_UPDATE: GatewayIntent.GuildMembers,
  GUILD_MEMBER_REMOVE: GatewayIntent.GuildMembers,
  MESSAGE_CREATE: GatewayIntent.GuildMessages,
  MESSAGE_UPDATE: GatewayIntent.GuildMessages,
  MESSAGE_DELETE: GatewayIntent.GuildMessages,
};

/** Dispatches kept per session for RESUME; older ones are dropped and a resume past them is refused. */
const MAX_BUFFERED_DISPATCHES = 10000;

interface BufferedDispatch {
  s: number;
  t: string;
  d: Json;
  interactionId?: string;
}

/** One bot session: survives a dropped socket until the bot resumes it or it is invalidated. */
export interface GatewaySession {
  id: string;
  shard: [number, number];
  intents: number;
  sequence: number;
  buffer: BufferedDispatch[];
  socket: WebSocket | null;
  invalidated: boolean;
  identifiedAt: number;
  resumeCount: number;
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  shardCount: number;
}

/** Discord close codes the fake uses (API v10). */
export const GatewayCloseCode = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidShard: 4010,
  InvalidApiVersion: 4012,
  InvalidIntents: 4013,
} as const;

/** The fake gateway: HELLO, heartbeats, IDENTIFY and READY, RESUME with replay, and dispatches. */
export class Gateway {
  readonly sessions = new Map<string, GatewaySession>();
  /** Counts of what bots sent, for tests: identifies, resumes and heartbeats. */
  readonly counters = { identify: 0, resume: 0, heartbeat: 0, invalidSession: 0 };
  sessionStartsRemaining = 1000;
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private resumeUrl = '';

  constructor(
    private readonly state: FakeState,
    private readonly recorder: Recorder,
    private readonly options: GatewayOptions,
  ) {}

  setResumeUrl(url: string): void {
    this.resumeUrl = url;
  }

  /** Accepts a WebSocket upgrade on the gateway path. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    this.server.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, url.searchParams));
  }

  private onConnection(ws: WebSocket, params: URLSearchParams): void {
    this.sockets.add(ws);
    ws.on('close', () => this.onSocketClosed(ws));
    ws.on('error', () => this.sockets.delete(ws));

    if (params.get('v') !== null && params.get('v') !== '10') {
      ws.close(GatewayCloseCode.InvalidApiVersion, 'Invalid API version.');
      return;
    }
    // NOTE: only JSON without transport compression is implemented; discord.js requests zlib-stream only when zlib-sync is installed.
    if ((params.get('encoding') ?? 'json') !== 'json' || params.get('compress') !== null) {
      ws.close(GatewayCloseCode.DecodeError, 'The fake gateway supports encoding=json without compression only.');
      return;
    }

    let session: GatewaySession | null = null;
    this.send(ws, { op: GatewayOpcode.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null });

    ws.on('message', (raw) => {
      let payload: Json;
      try {
        payload = JSON.parse(raw.toString());
      } catch {
        ws.close(GatewayCloseCode.DecodeError, 'Error while decoding payload.');
        return;
      }

      switch (payload.op) {
        case GatewayOpcode.Heartbeat:
          this.counters.heartbeat += 1;
          this.send(ws, { op: GatewayOpcode.HeartbeatAck, d: null, s: null, t: null });
          break;
        case GatewayOpcode.Identify:
          if (session) {
            ws.close(GatewayCloseCode.AlreadyAuthenticated, 'You sent more than one identify payload.');
            return;
          }
          session = this.identify(ws, payload.d);
          break;
        case GatewayOpcode.Resume:
          if (session) {
            ws.close(GatewayCloseCode.AlreadyAuthenticated, 'You sent more than one identify payload.');
            return;
          }
          session = this.resume(ws, payload.d);
          break;
        case GatewayOpcode.PresenceUpdate:
        case GatewayOpcode.VoiceStateUpdate:
        case GatewayOpcode.RequestGuildMembers:
          if (!session) ws.close(GatewayCloseCode.NotAuthenticated, 'You sent a payload prior to identifying.');
          // Accepted and ignored: the bot does not depend on presences, voice or member chunks.
          break;
        default:
          ws.close(GatewayCloseCode.UnknownOpcode, 'You sent an invalid Gateway opcode.');
      }
    });
  }

  private identify(ws: WebSocket, data: Json): GatewaySession | null {
    this.counters.identify += 1;
    if (data?.token !== this.options.token && data?.token !== `Bot ${this.options.token}`) {
      ws.close(GatewayCloseCode.AuthenticationFailed, 'Authentication failed.');
      return null;
    }
    if (typeof data.intents !== 'number') {
      ws.close(GatewayCloseCode.InvalidIntents, 'Invalid intent(s).');
      return null;
    }
    const shard: [number, number] = Array.isArray(data.shard) ? [data.shard[0], data.shard[1]] : [0, 1];
    if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
      ws.close(GatewayCloseCode.InvalidShard, 'Invalid shard.');
      return null;
    }
    this.sessionStartsRemaining = Math.max(0, this.sessionStartsRemaining - 1);

    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shard,
      intents: data.intents,
      sequence: 0,
      buffer: [],
      socket: ws,
      invalidated: false,
      identifiedAt: Date.now(),
      resumeCount: 0,
    };
    this.sessions.set(session.id, session);

    const guilds = [...this.state.guilds.values()].filter(
      (guild) => guild.botIsMember && this.shardOf(guild.id, shard[1]) === shard[0],
    );
    this.dispatchToSession(session, 'READY', {
      v: 10,
      user: { ...toApiUser(this.state.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.resumeUrl,
      shard,
      application: { id: this.state.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    });
    for (const guild of guilds) {
      if (session.intents & GatewayIntent.Guilds) this.dispatchToSession(session, 'GUILD_CREATE', toGuildCreate(this.state, guild));
    }
    return session;
  }

  private resume(ws: WebSocket, data: Json): GatewaySession | null {
    this.counters.resume += 1;
    const session = this.sessions.get(data?.session_id);
    const tokenMatches = data?.token === this.options.token || data?.token === `Bot ${this.options.token}`;
    const oldest = session?.buffer[0]?.s ?? 1;
    const replayable = session !== undefined && typeof data.seq === 'number' && data.seq >= oldest - 1;

    if (!session || session.invalidated || !tokenMatches || !replayable) {
      this.counters.invalidSession += 1;
      this.send(ws, { op: GatewayOpcode.InvalidSession, d: false, s: null, t: null });
      return null;
    }

    // A resume on a new socket takes the session over; Discord closes the old socket.
    if (session.socket && session.socket !== ws) session.socket.terminate();
    session.socket = ws;
    session.resumeCount += 1;

    for (const dispatch of session.buffer) {
      if (dispatch.s > data.seq) this.write(session, dispatch, true);
    }
    this.dispatchToSession(session, 'RESUMED', null);
    return session;
  }

  private onSocketClosed(ws: WebSocket): void {
    this.sockets.delete(ws);
    for (const session of this.sessions.values()) {
      if (session.socket === ws) session.socket = null;
    }
  }

  /** Invalidates sessions whose socket the bot closed normally (1000 or 1001), as Discord does. */
  private watchClose(ws: WebSocket, session: GatewaySession): void {
    ws.once('close', (code) => {
      if (code === 1000 || code === 1001) session.invalidated = true;
    });
  }

  private shardOf(guildId: string, shardCount: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
  }

  private send(ws: WebSocket, payload: Json): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }

  private write(session: GatewaySession, dispatch: BufferedDispatch, replayed: boolean): void {
    const socket = session.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ op: GatewayOpcode.Dispatch, s: dispatch.s, t: dispatch.t, d: dispatch.d }));

    const sentAt = process.hrtime.bigint();
    this.recorder.dispatches.push({ sessionId: session.id, sequence: dispatch.s, event: dispatch.t, sentAt, replayed });
    if (dispatch.interactionId && !this.recorder.interactionDispatchedAt.has(dispatch.interactionId)) {
      this.recorder.interactionDispatchedAt.set(dispatch.interactionId, sentAt);
    }
  }

  private dispatchToSession(session: GatewaySession, event: string, data: Json, interactionId?: string): void {
    session.sequence += 1;
    const dispatch: BufferedDispatch = { s: session.sequence, t: event, d: data, interactionId };
    session.buffer.push(dispatch);
    if (session.buffer.length > MAX_BUFFERED_DISPATCHES) session.buffer.shift();
    if (event === 'READY' && session.socket) this.watchClose(session.socket, session);
    if (event === 'RESUMED' && session.socket) this.watchClose(session.socket, session);
    this.write(session, dispatch, false);
  }

  /** Sessions that can still receive events for the guild (connected, or disconnected but resumable). */
  private liveSessions(guildId: string | null): GatewaySession[] {
    return [...this.sessions.values()].filter(
      (session) => !session.invalidated && (guildId === null || this.shardOf(guildId, session.shard[1]) === session.shard[0]),
    );
  }

  /**
   * Sends an event to every live session of the guild's shard that has the
   * event's intent. A session whose socket is down buffers the event and
   * receives it on RESUME.
   */
  dispatch(event: string, data: Json, guildId: string | null): number {
    const intent = EVENT_INTENTS[event] ?? 0;
    let delivered = 0;
    for (const session of this.liveSessions(guildId)) {
      if (intent !== 0 && (session.intents & intent) === 0) continue;
      this.dispatchToSession(session, event, data);
      delivered += 1;
    }
    return delivered;
  }

  /**
   * Sends INTERACTION_CREATE to exactly one session: the most recently
   * identified live session of the guild's shard. Returns false when no bot
   * session exists.
   */
  dispatchInteraction(data: Json, guildId: string): boolean {
    const sessions = this.liveSessions(guildId).sort((a, b) => b.identifiedAt - a.identifiedAt);
    const session = sessions[0];
    if (!session) return false;
    this.dispatchToSession(session, 'INTERACTION_CREATE', data, data.id);
    return true;
  }

  /** Number of sessions whose socket is open. */
  get connectedCount(): number {
    return [...this.sessions.values()].filter((session) => session.socket?.readyState === WebSocket.OPEN).length;
  }

  /**
   * Closes every bot socket. A 4xxx code is a clean close the bot may resume
   * after; 'abrupt' destroys the TCP connection without a close frame, which
   * the bot receives as close code 1006. Sessions stay resumable either way.
   */
  dropConnections(code: number | 'abrupt' = GatewayCloseCode.UnknownError): number {
    let dropped = 0;
    for (const ws of this.sockets) {
      dropped += 1;
      if (code === 'abrupt') ws.terminate();
      else ws.close(code, 'Connection dropped by the fake gateway.');
    }
    return dropped;
  }

  /** Sends op 7 Reconnect: the bot should reconnect and resume. */
  requestReconnect(): void {
    for (const ws of this.sockets) this.send(ws, { op: GatewayOpcode.Reconnect, d: null, s: null, t: null });
  }

  /** Marks every session invalid, so the next RESUME gets INVALID_SESSION. */
  invalidateSessions(): void {
    for (const session of this.sessions.values()) session.invalidated = true;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
