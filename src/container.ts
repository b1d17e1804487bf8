import { container, type DependencyContainer } from 'tsyringe';
import type { DataSource } from 'typeorm';
import { DIService, tsyringeDependencyRegistryEngine } from 'discordx';
import type { Config } from './config/config';
import { Panel, PanelRole } from './entities';
import type { Logger } from './logger';
import { TOKENS } from './tokens';

/**
 * Registers the values handlers and services receive through their constructors, and
 * hands the container to discordx. Runs before any handler module is imported.
 */
export function registerDependencies(config: Config, logger: Logger, dataSource: DataSource): DependencyContainer {
  container.register(TOKENS.Config, { useValue: config });
  container.register(TOKENS.Logger, { useValue: logger });
  container.register(TOKENS.DataSource, { useValue: dataSource });
  container.register(TOKENS.PanelRepository, { useValue: dataSource.getRepository(Panel) });
  container.register(TOKENS.PanelRoleRepository, { useValue: dataSource.getRepository(PanelRole) });
  DIService.engine = tsyringeDependencyRegistryEngine.setInjector(container);
  return container;
}
