import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import * as schema from "./schema.ts";

export type Database = PostgresJsDatabase<typeof schema>;

export interface DatabaseHandle {
  sql: Sql;
  db: Database;
  url: string;
  close(): Promise<void>;
}

/** Opens a postgres.js pool and a drizzle handle on it. */
export function connectDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: "order-intake" },
  });
  const db = drizzle(sql, { schema });
  return {
    sql,
    db,
    url,
    close: () => sql.end({ timeout: 5 }),
  };
}
