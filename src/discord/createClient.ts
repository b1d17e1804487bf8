import { REST, type InternalRequest } from '@discordjs/rest';
import { GatewayIntentBits, Options, Partials } from 'discord.js';
import { Client, type ILogger } from 'discordx';
import type { Config } from '../config/config';

/**
 * Interaction routes (the callback, and the reply's webhook through the interaction token)
 * are sent without the bot token, and Discord does not count them against the bot's global
 * limit of 50 requests per second. @discordjs/rest 2.x counts every request that is not a
 * callback, so a queue of role changes would hold replies back. Those token routes go
 * through a second REST instance whose global counter never runs out; their per-route
 * buckets still follow Discord's rate-limit headers.
 */
function routeInteractionTokenRequestsSeparately(rest: REST, options: Partial<REST['options']>): void {
  const tokenRoutes = new REST({ ...options, globalRequestsPerSecond: Number.MAX_SAFE_INTEGER });
  const queueRequest = rest.queueRequest.bind(rest);
  rest.queueRequest = (request: InternalRequest) =>
    request.auth === false ? tokenRoutes.queueRequest(request) : queueRequest(request);
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
  routeInteractionTokenRequestsSeparately(client.rest, restOptions);
  return client;
}
