import type { JobHelpers, Task } from "graphile-worker";
import type { Logger } from "../log/createLogger.ts";
import { PermanentJobError } from "./jobErrors.ts";
import { type TaskName, type TaskPayload, taskPayloadSchemas } from "./taskPayloads.ts";

export interface TaskContext {
  log: Logger;
  jobId: string;
  attempt: number;
  maxAttempts: number;
  abortSignal: AbortSignal;
}

export type TaskHandler<N extends TaskName> = (payload: TaskPayload<N>, ctx: TaskContext) => Promise<void>;

export interface DefinedTask<N extends TaskName = TaskName> {
  name: N;
  handler: TaskHandler<N>;
}

export function defineTask<N extends TaskName>(name: N, handler: TaskHandler<N>): DefinedTask<N> {
  return { name, handler };
}

/**
 * Wraps a typed handler into a graphile-worker task: checks the payload, gives the job its own child
 * logger, and completes (without retry) on a PermanentJobError after logging its reason.
 */
export function toGraphileTask<N extends TaskName>(
  task: DefinedTask<N>,
  logger: Logger,
  onPermanentFailure?: (payload: unknown, error: PermanentJobError) => Promise<void>,
): Task {
  return async (rawPayload: unknown, helpers: JobHelpers) => {
    const log = logger.child({
      task: task.name,
      jobId: helpers.job.id,
      attempt: helpers.job.attempts,
    });
    const parsed = taskPayloadSchemas[task.name].safeParse(rawPayload);
    if (!parsed.success) {
      log.error(
        { issues: parsed.error.issues.map((i) => i.message) },
        "job payload is malformed; not retried",
      );
      return;
    }
    try {
      await task.handler(parsed.data as TaskPayload<N>, {
        log,
        jobId: helpers.job.id,
        attempt: helpers.job.attempts,
        maxAttempts: helpers.job.max_attempts,
        abortSignal: helpers.abortSignal,
      });
    } catch (error) {
      if (error instanceof PermanentJobError) {
        log.error({ code: error.code, reason: error.message }, "job failed permanently; not retried");
        await onPermanentFailure?.(parsed.data, error);
        return;
      }
      log.warn({ err: error }, "job failed; it will be retried");
      throw error;
    }
  };
}
