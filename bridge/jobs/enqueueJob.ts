import type { Sql, TransactionSql } from "postgres";
import { type TaskName, type TaskPayload, taskPayloadSchemas } from "./taskPayloads.ts";

export interface EnqueueOptions {
  /** graphile-worker job key: replaces a pending job with the same key (not a permanent dedupe log). */
  jobKey?: string;
  maxAttempts?: number;
  runAt?: Date;
  queueName?: string;
}

/**
 * Adds a job through graphile-worker's SQL API on the given connection or transaction, so that the job
 * exists if and only if the state change that caused it commits.
 */
export async function enqueueJob<N extends TaskName>(
  sql: Sql | TransactionSql,
  task: N,
  payload: TaskPayload<N>,
  options: EnqueueOptions = {},
): Promise<string> {
  const checked = taskPayloadSchemas[task].parse(payload);
  const rows = await sql<{ id: string }[]>`
    select id::text from graphile_worker.add_job(
      ${task}::text,
      ${JSON.stringify(checked)}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt ? options.runAt.toISOString() : null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? 10}::int,
      job_key => ${options.jobKey ?? null}::text
    )`;
  return rows[0]!.id;
}
