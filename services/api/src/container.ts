import { Container, ContainerModule } from 'inversify';
import { settingsOf, type ApiDependencies } from './dependencies.ts';
import { HealthChecks } from './health/health-checks.ts';
import { IdempotencyStore } from './idempotency/store.ts';
import { OrganisationCommands } from './orgs/organisation-commands.ts';
import { OrganisationQueries } from './orgs/organisation-queries.ts';
import { TOKENS } from './tokens.ts';

/** The API's one container module: the supplied adapters as constants, the API's services as singletons. */
export const apiModule = (deps: ApiDependencies): ContainerModule =>
  new ContainerModule(({ bind }) => {
    bind(TOKENS.EventStore).toConstantValue(deps.eventStore);
    bind(TOKENS.ReadModels).toConstantValue(deps.readModels);
    bind(TOKENS.MessageBus).toConstantValue(deps.bus);
    bind(TOKENS.Clock).toConstantValue(deps.clock);
    bind(TOKENS.WaitForPosition).toConstantValue(deps.waitForPosition);
    bind(TOKENS.Settings).toConstantValue(settingsOf(deps));
    bind(OrganisationCommands).toSelf().inSingletonScope();
    bind(OrganisationQueries).toSelf().inSingletonScope();
    bind(HealthChecks).toSelf().inSingletonScope();
    bind(IdempotencyStore).toSelf().inSingletonScope();
  });

/** The composition root of the API. */
export const createApiContainer = (deps: ApiDependencies): Container => {
  const container = new Container();
  container.load(apiModule(deps));
  return container;
};
