import { defineConfig } from "drizzle-kit";

/** `npm run db:generate` writes SQL migrations for bridge/db/schema.ts into migrations/. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./bridge/db/schema.ts",
  out: "./migrations",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
});
