/**
 * Injection tokens for values the tsyringe container cannot infer from a constructor's
 * parameter types: TypeORM repositories reach the metadata as plain `Repository`.
 */
export const TOKENS = {
  Config: Symbol('Config'),
  Logger: Symbol('Logger'),
  DataSource: Symbol('DataSource'),
  PanelRepository: Symbol('PanelRepository'),
  PanelRoleRepository: Symbol('PanelRoleRepository'),
  Client: Symbol('Client'),
} as const;
