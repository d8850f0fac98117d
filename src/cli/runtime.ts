import os from 'node:os';
import { loadConfig } from '../config.ts';
import { createLogger, openRuntime } from '../main.ts';
import type { Actor } from '../services/context.ts';
import type { Services } from '../services/index.ts';
import { operatorActor, resolveOperatorTenant } from '../services/operator.ts';

/** Opens the configured store for one operator command and closes it afterwards. */
export async function withStore<T>(
  work: (services: Services, operator: string) => Promise<T>,
  options: { demo?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const services = await openRuntime(config, createLogger({ logLevel: 'warn' }, 'stderr'), options);
  try {
    return await work(services, os.userInfo().username);
  } finally {
    await services.store.close();
  }
}

/** As withStore, acting with admin rights on the named tenant (or the only provider). */
export function withOperator<T>(
  tenantId: string | undefined,
  work: (services: Services, actor: Actor) => Promise<T>,
  options: { demo?: boolean } = {},
): Promise<T> {
  return withStore(async (services, operator) => {
    const tenant = await resolveOperatorTenant(services.deps, tenantId);
    return work(services, operatorActor(tenant.id, operator));
  }, options);
}
