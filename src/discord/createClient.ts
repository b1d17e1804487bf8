import { REST, type InternalRequest } from '@discordjs/rest';
import { GatewayIntentBits, Options, Partials } from 'discord.js';
import { Client, type ILogger } from 'discordx';
import type { Config } from '../config/config';

/** Time allowed for one member-role request; Discord usually responds within a second. */
export const ROLE_REQUEST_TIMEOUT_MS = 4_000;

const MEMBER_ROLE_ROUTE = /^\/guilds\/\d+\/members\/\d+\/roles\/\d+$/;

/**
 * Splits requests over three REST instances:
 *
 * - Interaction routes (the callback, and the reply's webhook through the interaction token)
 *   are sent without the bot token, and Discord does not count them against the bot's global
 *   limit of 50 requests per second. @discordjs/rest 2.x counts every request that is not a
 *   callback, so a queue of role changes would hold replies back. They get an instance whose
 *   global counter never runs out; their per-route buckets still follow Discord's headers.
 * - Member-role PUTs and DELETEs get an instance with a short timeout and no retries. The
 *   library's default tries a hung request 4 times at 15 s each and retries a 5xx at once,
 *   without backoff; RoleAssignment retries these requests itself, with backoff.
 *
 * NOTE: the role instance keeps its own global counter, so role changes and the bot's other
 * authenticated requests could together exceed 50 a second; the other requests are few
 * (admin commands), and a 429 is waited out by the library.
 */
function splitRestRoutes(rest: REST, options: Partial<REST['options']>): void {
  const tokenRoutes = new REST({ ...options, globalRequestsPerSecond: Number.MAX_SAFE_INTEGER });
  const roleRoutes = new REST({ ...options, timeout: ROLE_REQUEST_TIMEOUT_MS, retries: 0 });
  const setToken = rest.setToken.bind(rest);
  rest.setToken = (token: string) => {
    roleRoutes.setToken(token);
    return setToken(token);
  };
  const queueRequest = rest.queueRequest.bind(rest);
  rest.queueRequest = (request: InternalRequest) => {
    if (request.auth === false) return tokenRoutes.queueRequest(request);
    if (MEMBER_ROLE_ROUTE.test(request.fullRoute)) return roleRoutes.queueRequest(request);
    return queueRequest(request);
  };
}

/**
 * Builds the discordx client with the smallest footprint interactions allow: the Guilds
 * intent only, no partials, and no caches beyond guilds, channels, roles, permission
 * overwrites and the bot's own member and user.
 */
export function createClient(config: Config, logger: ILogger): Client {
  const restOptions = config.discordApiUrl ? { api: config.discordApiUrl } : {};
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    partials: [] as Partials[],
    logger,
    silent: true,
    botGuilds: config.devGuildIds.length > 0 ? [...config.devGuildIds] : undefined,
    // Passing `api: undefined` would replace the library's default, so the key is only set when configured.
    rest: restOptions,
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      ApplicationCommandManager: 0,
      AutoModerationRuleManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
      GuildForumThreadManager: 0,
      GuildTextThreadManager: 0,
      // Members and users arrive with each interaction; only the bot's own are kept between them.
      GuildMemberManager: { maxSize: 1, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 1, keepOverLimit: (user) => user.id === user.client.user.id },
    }),
  });
  splitRestRoutes(client.rest, restOptions);
  return client;
}
