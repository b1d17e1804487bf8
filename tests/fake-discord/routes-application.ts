import type { FakeContext } from './context';
import { ApiErrors } from './errors';
import type { RestRequest, RouteDefinition } from './http';
import type { CommandRecord, Json } from './model';
import { toApiUser } from './model';
import { generateSnowflake } from './snowflake';
import { validateCommand } from './validate';

function toApiCommand(command: CommandRecord): Json {
  return {
    type: 1,
    description: '',
    options: [],
    default_member_permissions: null,
    nsfw: false,
    contexts: null,
    integration_types: [0],
    ...command.definition,
    id: command.id,
    application_id: command.applicationId,
    version: command.version,
    ...(command.guildId ? { guild_id: command.guildId } : {}),
  };
}

/** Commands are unique by name within a type, so that is the key used to keep ids across bulk overwrites. */
function commandKey(definition: Json): string {
  return `${definition.type ?? 1}:${definition.name}`;
}

/** Routes of the bot's own identity, the gateway URL and application commands. */
export function applicationRoutes(context: FakeContext): RouteDefinition[] {
  const { state } = context;

  const requireApplication = (request: RestRequest): void => {
    if (request.params.application_id !== state.applicationId) throw ApiErrors.missingAccess();
  };

  const commandsFor = (request: RestRequest): Map<string, CommandRecord> => {
    requireApplication(request);
    const guildId = request.params.guild_id;
    if (guildId === undefined) return state.globalCommands;
    if (!state.guilds.has(guildId)) throw ApiErrors.unknownGuild();
    if (!state.visibleGuild(guildId)) throw ApiErrors.missingAccess();
    return state.guildCommandMap(guildId);
  };

  const upsert = (commands: Map<string, CommandRecord>, definition: Json, guildId: string | null): { command: CommandRecord; created: boolean } => {
    const { id: _id, application_id: _app, guild_id: _guild, version: _version, ...clean } = definition;
    const existing = [...commands.values()].find((command) => commandKey(command.definition) === commandKey(clean));
    if (existing) {
      existing.definition = clean;
      existing.version = generateSnowflake();
      return { command: existing, created: false };
    }
    const command: CommandRecord = {
      id: generateSnowflake(),
      applicationId: state.applicationId,
      guildId,
      version: generateSnowflake(),
      definition: clean,
    };
    commands.set(command.id, command);
    return { command, created: true };
  };

  const list = (request: RestRequest) => ({ status: 200, body: [...commandsFor(request).values()].map(toApiCommand) });

  const bulkOverwrite = (request: RestRequest) => {
    const commands = commandsFor(request);
    if (!Array.isArray(request.body)) throw ApiErrors.invalidFormBody({ _errors: [{ code: 'ARRAY_TYPE_CONVERT', message: 'Expected an array.' }] });
    if (request.body.length > 100) throw ApiErrors.invalidFormBody({ _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }] });
    request.body.forEach((definition: Json, index: number) => validateCommand(definition, [index]));

    const keep = new Set<string>();
    const result: CommandRecord[] = [];
    for (const definition of request.body) {
      const { command } = upsert(commands, definition, request.params.guild_id ?? null);
      keep.add(command.id);
      result.push(command);
    }
    for (const id of [...commands.keys()]) if (!keep.has(id)) commands.delete(id);
    return { status: 200, body: result.map(toApiCommand) };
  };

  const create = (request: RestRequest) => {
    const commands = commandsFor(request);
    validateCommand(request.body ?? {});
    const { command, created } = upsert(commands, request.body, request.params.guild_id ?? null);
    return { status: created ? 201 : 200, body: toApiCommand(command) };
  };

  const findCommand = (request: RestRequest): { commands: Map<string, CommandRecord>; command: CommandRecord } => {
    const commands = commandsFor(request);
    const command = commands.get(request.params.command_id);
    if (!command) throw ApiErrors.unknownApplicationCommand();
    return { commands, command };
  };

  const commandRoutes = (base: string): RouteDefinition[] => [
    { method: 'GET', template: base, handler: list },
    { method: 'PUT', template: base, handler: bulkOverwrite },
    { method: 'POST', template: base, handler: create },
    { method: 'GET', template: `${base}/:command_id`, handler: (request) => ({ status: 200, body: toApiCommand(findCommand(request).command) }) },
    {
      method: 'PATCH',
      template: `${base}/:command_id`,
      handler: (request) => {
        const { command } = findCommand(request);
        const merged = { ...command.definition, ...request.body };
        validateCommand(merged);
        command.definition = merged;
        command.version = generateSnowflake();
        return { status: 200, body: toApiCommand(command) };
      },
    },
    {
      method: 'DELETE',
      template: `${base}/:command_id`,
      handler: (request) => {
        const { commands, command } = findCommand(request);
        commands.delete(command.id);
        return { status: 204 };
      },
    },
  ];

  const application = () => ({
    id: state.applicationId,
    name: state.botUser.username,
    icon: null,
    description: 'Fake application served by fake-discord.',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    owner: toApiUser(state.botUser),
    team: null,
    bot: toApiUser(state.botUser),
    approximate_guild_count: [...state.guilds.values()].filter((guild) => guild.botIsMember).length,
    install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
    integration_types_config: { '0': {} },
    tags: [],
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
  });

  const gatewayUrl = () => context.baseUrl().replace(/^http/, 'ws') + '/gateway';

  return [
    { method: 'GET', template: '/gateway', handler: () => ({ status: 200, body: { url: gatewayUrl() } }), requiresAuth: false },
    {
      method: 'GET',
      template: '/gateway/bot',
      handler: () => ({
        status: 200,
        body: {
          url: gatewayUrl(),
          shards: 1,
          session_start_limit: {
            total: 1000,
            remaining: context.gateway.sessionStartsRemaining,
            reset_after: 86_400_000,
            max_concurrency: 1,
          },
        },
      }),
    },
    { method: 'GET', template: '/users/@me', handler: () => ({ status: 200, body: { ...toApiUser(state.botUser), verified: true, mfa_enabled: false } }) },
    {
      method: 'GET',
      template: '/users/:user_id',
      handler: (request) => {
        const user = state.users.get(request.params.user_id);
        if (!user) throw ApiErrors.unknownUser();
        return { status: 200, body: toApiUser(user) };
      },
    },
    { method: 'GET', template: '/applications/@me', handler: () => ({ status: 200, body: application() }) },
    { method: 'GET', template: '/oauth2/applications/@me', handler: () => ({ status: 200, body: application() }) },
    ...commandRoutes('/applications/:application_id/commands'),
    ...commandRoutes('/applications/:application_id/guilds/:guild_id/commands').map((route) => ({ ...route, majorParam: 'guild_id' })),
  ];
}
