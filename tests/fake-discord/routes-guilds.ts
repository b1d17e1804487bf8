import type { FakeContext } from './context';
import { ApiErrors } from './errors';
import type { RestRequest, RouteDefinition } from './http';
import type { GuildRecord } from './model';
import { toApiChannel, toApiGuild, toApiMember, toApiRole } from './model';
import { compareRolePositions, computeBasePermissions, hasPermission, highestRole, Permission } from './permissions';

/** Routes of guild reads and member-role changes. */
export function guildRoutes(context: FakeContext): RouteDefinition[] {
  const { state } = context;

  const requireGuild = (request: RestRequest): GuildRecord => {
    const guild = state.guilds.get(request.params.guild_id);
    if (!guild) throw ApiErrors.unknownGuild();
    if (!guild.botIsMember) throw ApiErrors.missingAccess();
    return guild;
  };

  /**
   * Adds or removes a member's role after Discord's checks, in Discord's
   * order: unknown guild, member, role; then Manage Roles, then the role
   * must be below the bot's highest role and not managed.
   */
  const changeMemberRole = (request: RestRequest, add: boolean) => {
    const guild = requireGuild(request);
    const member = guild.members.get(request.params.user_id);
    if (!member) throw ApiErrors.unknownMember();
    const role = guild.roles.get(request.params.role_id);
    if (!role) throw ApiErrors.unknownRole();

    const botMember = state.botMember(guild);
    const botPermissions = computeBasePermissions(guild, botMember);
    if (!hasPermission(botPermissions, Permission.ManageRoles)) throw ApiErrors.missingPermissions();
    const botIsOwner = guild.ownerId === botMember.userId;
    if (!botIsOwner && compareRolePositions(role, highestRole(guild, botMember)) >= 0) throw ApiErrors.missingPermissions();
    if (role.managed || role.id === guild.id) throw ApiErrors.missingPermissions();

    const hasRole = member.roles.includes(role.id);
    if (add && !hasRole) member.roles.push(role.id);
    if (!add && hasRole) member.roles = member.roles.filter((id) => id !== role.id);
    if (add !== hasRole) {
      context.gateway.dispatch('GUILD_MEMBER_UPDATE', { guild_id: guild.id, ...toApiMember(state, member) }, guild.id);
    }
    return { status: 204 };
  };

  return [
    {
      method: 'GET',
      template: '/guilds/:guild_id',
      majorParam: 'guild_id',
      handler: (request) => {
        const guild = requireGuild(request);
        const body = { ...toApiGuild(guild) };
        if (request.query.get('with_counts') === 'true') {
          Object.assign(body, { approximate_member_count: guild.members.size, approximate_presence_count: 0 });
        }
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      template: '/guilds/:guild_id/roles',
      majorParam: 'guild_id',
      handler: (request) => ({ status: 200, body: [...requireGuild(request).roles.values()].map(toApiRole) }),
    },
    {
      method: 'GET',
      template: '/guilds/:guild_id/roles/:role_id',
      majorParam: 'guild_id',
      handler: (request) => {
        const role = requireGuild(request).roles.get(request.params.role_id);
        if (!role) throw ApiErrors.unknownRole();
        return { status: 200, body: toApiRole(role) };
      },
    },
    {
      method: 'GET',
      template: '/guilds/:guild_id/channels',
      majorParam: 'guild_id',
      handler: (request) => ({ status: 200, body: [...requireGuild(request).channels.values()].map(toApiChannel) }),
    },
    {
      method: 'GET',
      template: '/guilds/:guild_id/members/:user_id',
      majorParam: 'guild_id',
      handler: (request) => {
        const member = requireGuild(request).members.get(request.params.user_id);
        if (!member) throw ApiErrors.unknownMember();
        return { status: 200, body: toApiMember(state, member) };
      },
    },
    {
      method: 'PUT',
      template: '/guilds/:guild_id/members/:user_id/roles/:role_id',
      majorParam: 'guild_id',
      memberRoleBucket: true,
      handler: (request) => changeMemberRole(request, true),
    },
    {
      method: 'DELETE',
      template: '/guilds/:guild_id/members/:user_id/roles/:role_id',
      majorParam: 'guild_id',
      memberRoleBucket: true,
      handler: (request) => changeMemberRole(request, false),
    },
  ];
}
