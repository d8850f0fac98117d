import { AppError } from '../errors.ts';
import type { Store, StoreEngine } from '../storage/port.ts';

/** Readiness: the store answers a trivial query within the timeout. */
export async function checkReady(store: Store, timeoutMs = 2000): Promise<{ engine: StoreEngine }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('STORE_UNAVAILABLE', 'The database did not answer in time.')),
      timeoutMs,
    );
  });
  try {
    await Promise.race([store.ping(), timeout]);
    return { engine: store.engine };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('STORE_UNAVAILABLE', 'The database is unavailable.', { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
