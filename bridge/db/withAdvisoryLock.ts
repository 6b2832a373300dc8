import type { Sql } from "postgres";

/**
 * Runs `fn` while this process holds the session-level PostgreSQL advisory lock (namespace, key), on a
 * connection reserved for it: callers with the same key, in any process, run one after the other. A
 * process that dies loses its session, and with it the lock.
 */
export async function withAdvisoryLock<T>(
  sql: Sql,
  lock: { namespace: number; key: number },
  fn: () => Promise<T>,
): Promise<T> {
  const reserved = await sql.reserve();
  try {
    await reserved`select pg_advisory_lock(${lock.namespace}, ${lock.key})`;
    try {
      return await fn();
    } finally {
      await reserved`select pg_advisory_unlock(${lock.namespace}, ${lock.key})`.catch(() => {});
    }
  } finally {
    reserved.release();
  }
}
