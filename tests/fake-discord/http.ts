import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiErrors, DiscordApiError } from './errors';
import type { Json } from './model';
import type { RateLimiter } from './rate-limits';
import type { Recorder, RecordedRequest } from './recorder';

/** What a route handler receives. */
export interface RestRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  auditLogReason: string | null;
  receivedAt: bigint;
}

/** What a route handler returns; a thrown DiscordApiError becomes an error response. */
export interface RestReply {
  status: number;
  body?: Json;
}

/** A REST route: a template such as `/channels/:channel_id/messages`, and how Discord treats it. */
export interface RouteDefinition {
  method: string;
  template: string;
  handler: (request: RestRequest) => RestReply | Promise<RestReply>;
  /** False for the interaction callback and webhook routes, which take no Authorization header. */
  requiresAuth?: boolean;
  /** True for routes Discord does not count against the global limit (interaction callback and webhooks). */
  exemptFromGlobal?: boolean;
  /** The parameter Discord buckets by (guild_id, channel_id or webhook token). */
  majorParam?: string;
  memberRoleBucket?: boolean;
}

/** A fault to inject: the next `count` matching requests get `status` or no response at all. */
export interface FaultSpec {
  method?: string;
  /** Matched against the route template, or the decoded path when a RegExp. */
  route: string | RegExp;
  count: number;
  kind: 'status' | 'hang';
  /** HTTP status for kind 'status'; 500 when omitted. */
  status?: number;
}

export interface FaultHandle {
  readonly spec: FaultSpec;
  /** Requests this fault still applies to. */
  remaining: number;
  /** Requests it has applied to. */
  hits: number;
}

interface CompiledRoute extends RouteDefinition {
  segments: string[];
}

const API_PREFIX = /^\/api\/v(\d+)(\/.*)?$/;

/** Reads the JSON body, or `payload_json` from a multipart body (file parts are ignored). */
function parseBody(raw: Buffer, contentType: string | undefined): Json {
  if (raw.length === 0) return undefined;
  const type = contentType ?? '';
  let text = raw.toString('utf8');
  if (type.startsWith('multipart/form-data')) {
    const match = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
    if (!match) return {};
    text = match[1];
  }
  try {
    return JSON.parse(text);
  } catch {
    throw ApiErrors.invalidJson();
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Matches paths to routes, applies auth, faults and rate limits, records each request and responds. */
export class RestRouter {
  private readonly routes: CompiledRoute[] = [];
  private readonly faults: FaultHandle[] = [];
  /** Requests held open by a 'hang' fault, destroyed when the fake stops. */
  readonly hungResponses = new Set<ServerResponse>();

  constructor(
    private readonly token: string,
    private readonly rateLimiter: RateLimiter,
    private readonly recorder: Recorder,
  ) {}

  add(routes: RouteDefinition[]): void {
    for (const route of routes) this.routes.push({ ...route, segments: route.template.split('/').slice(1) });
  }

  addFault(spec: FaultSpec): FaultHandle {
    const handle: FaultHandle = { spec, remaining: spec.count, hits: 0 };
    this.faults.push(handle);
    return handle;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  private match(method: string, segments: string[]): { route: CompiledRoute; params: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let index = 0; index < segments.length; index += 1) {
        const expected = route.segments[index];
        if (expected.startsWith(':')) params[expected.slice(1)] = segments[index];
        else if (expected !== segments[index]) {
          matched = false;
          break;
        }
      }
      if (matched) return { route, params };
    }
    return null;
  }

  private takeFault(method: string, template: string | null, path: string): FaultHandle | null {
    for (const fault of this.faults) {
      if (fault.remaining <= 0) continue;
      if (fault.spec.method && fault.spec.method !== method) continue;
      const routeMatches =
        typeof fault.spec.route === 'string' ? fault.spec.route === template : fault.spec.route.test(path);
      if (!routeMatches) continue;
      fault.remaining -= 1;
      fault.hits += 1;
      return fault;
    }
    return null;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = process.hrtime.bigint();
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const prefix = API_PREFIX.exec(url.pathname);
    const rawPath = prefix?.[2] ?? url.pathname;
    const segments = rawPath.split('/').slice(1).map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
    const path = '/' + segments.join('/');
    const reasonHeader = request.headers['x-audit-log-reason'];
    let auditLogReason: string | null = null;
    if (typeof reasonHeader === 'string') {
      try {
        auditLogReason = decodeURIComponent(reasonHeader);
      } catch {
        auditLogReason = reasonHeader;
      }
    }

    const record: RecordedRequest = {
      method,
      path,
      route: null,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      auditLogReason,
      status: 0,
      errorCode: null,
      rateLimited: false,
      receivedAt,
      respondedAt: null,
    };
    this.recorder.requests.push(record);

    const respond = (status: number, body: Json, headers: Record<string, string> = {}): void => {
      record.status = status;
      record.respondedAt = process.hrtime.bigint();
      if (body && typeof body === 'object' && typeof body.code === 'number' && status >= 400) record.errorCode = body.code;
      if (body === undefined) {
        response.writeHead(status, headers).end();
      } else {
        response.writeHead(status, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      }
    };

    let rawBody: Buffer;
    try {
      rawBody = await readBody(request);
    } catch {
      return;
    }

    const matched = prefix && prefix[1] === '10' ? this.match(method, segments) : null;
    if (!matched) {
      respond(404, ApiErrors.notFound().toBody());
      return;
    }
    const { route, params } = matched;
    record.route = route.template;

    try {
      record.body = parseBody(rawBody, request.headers['content-type']);
    } catch (error) {
      respond(400, (error as DiscordApiError).toBody());
      return;
    }

    const fault = this.takeFault(method, route.template, path);
    if (fault?.spec.kind === 'hang') {
      this.hungResponses.add(response);
      response.on('close', () => this.hungResponses.delete(response));
      return;
    }
    if (fault) {
      const status = fault.spec.status ?? 500;
      respond(status, ApiErrors.serverError(status).toBody());
      return;
    }

    if (route.requiresAuth !== false && request.headers.authorization !== `Bot ${this.token}`) {
      respond(401, ApiErrors.unauthorized().toBody());
      return;
    }

    const decision = this.rateLimiter.take({
      route: route.template,
      majorId: route.majorParam ? params[route.majorParam] ?? '' : '',
      memberRole: route.memberRoleBucket ?? false,
      exemptFromGlobal: route.exemptFromGlobal ?? false,
    });
    if (decision.limited) {
      record.rateLimited = true;
      respond(
        429,
        {
          message: 'You are being rate limited.',
          retry_after: Number(decision.limited.retryAfterSeconds.toFixed(3)),
          global: decision.limited.global,
          code: 0,
        },
        decision.headers,
      );
      return;
    }

    try {
      const reply = await route.handler({
        method,
        path,
        params,
        query: url.searchParams,
        body: record.body,
        auditLogReason,
        receivedAt,
      });
      respond(reply.status, reply.body, decision.headers);
    } catch (error) {
      if (error instanceof DiscordApiError) {
        respond(error.status, error.toBody(), decision.headers);
        return;
      }
      // A bug in the fake itself: respond 500 so that the test fails on it instead of hanging.
      const message = error instanceof Error ? error.stack ?? error.message : String(error);
      respond(500, { message: `fake-discord internal error: ${message}`, code: 0 });
    }
  }
}
