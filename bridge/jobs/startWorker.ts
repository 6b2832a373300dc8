import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import {
  Logger as GraphileLogger,
  type Runner,
  run,
  type TaskList,
  type WorkerEvents,
} from "graphile-worker";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Logger } from "../log/createLogger.ts";
import { type DefinedTask, toGraphileTask } from "./defineTask.ts";
import type { TaskName } from "./taskPayloads.ts";

export interface WorkerOptions {
  concurrency: number;
  /** How often this process says it is alive. */
  heartbeatMs: number;
  /** After how long without a heartbeat another process releases the jobs a worker held. */
  staleAfterMs: number;
  pollInterval?: number;
}

export interface WorkerHandle {
  /** The process-level id under which this worker's heartbeats are stored. */
  processId: string;
  isRunning(): boolean;
  /** Stops taking jobs, waits for running jobs to finish (graceful), then releases everything. */
  stop(): Promise<void>;
  /** Resolves when the runner has stopped for any reason. */
  stopped: Promise<void>;
}

/**
 * Runs graphile-worker (in its own `graphile_worker` schema) with the bridge's typed tasks.
 *
 * graphile-worker only releases the jobs of a worker that died without unlocking them after 4 hours.
 * So every worker process writes a heartbeat for each of its graphile workers, and each process, on a
 * timer, force-unlocks jobs whose locking worker has not beaten for `staleAfterMs`: a job killed with
 * its process runs again within seconds, on another worker, exactly once to completion.
 */
export async function startWorker(deps: {
  handle: DatabaseHandle;
  logger: Logger;
  tasks: DefinedTask[];
  options: WorkerOptions;
}): Promise<WorkerHandle> {
  const { handle, options } = deps;
  const log = deps.logger.child({ component: "worker" });
  const processId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** graphile-worker locks jobs with its pool id; heartbeats are kept per pool id. */
  const poolIds = new Set<string>();
  /** Recently succeeded jobs, whose completion graphile-worker may not have flushed at shutdown. */
  const succeeded: string[] = [];

  const taskList: TaskList = {};
  for (const task of deps.tasks) {
    taskList[task.name as TaskName] = toGraphileTask(task, log);
  }

  const beat = async () => {
    const ids = [...poolIds];
    if (ids.length === 0) return;
    await handle.sql`
      insert into order_intake.worker_heartbeats (worker_id, process_id, beat_at)
      select unnest(${ids}::text[]), ${processId}, now()
      on conflict (worker_id) do update set beat_at = excluded.beat_at`;
  };

  const releaseStaleLocks = async (runner: Runner | undefined) => {
    const stale = await handle.sql<{ locked_by: string }[]>`
      select distinct j.locked_by
      from graphile_worker._private_jobs j
      left join order_intake.worker_heartbeats h on h.worker_id = j.locked_by
      where j.locked_by is not null
        and j.locked_at < now() - make_interval(secs => ${options.staleAfterMs / 1000})
        and (h.beat_at is null or h.beat_at < now() - make_interval(secs => ${options.staleAfterMs / 1000}))`;
    const ids = stale.map((r) => r.locked_by).filter((id) => !poolIds.has(id));
    if (ids.length === 0 || !runner) return;
    await handle.sql`
      update graphile_worker._private_jobs
      set locked_at = null, locked_by = null, run_at = greatest(run_at, now())
      where locked_by = any(${ids}::text[])`;
    await handle.sql`delete from order_intake.worker_heartbeats where worker_id = any(${ids}::text[])`;
    log.warn({ workers: ids }, "released the jobs of workers that stopped beating");
  };

  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => {
    poolIds.add(workerPool.id);
    void beat().catch((err) => log.warn({ err }, "heartbeat failed"));
  });
  events.on("job:success", ({ job }) => {
    succeeded.push(job.id);
    if (succeeded.length > 1000) succeeded.splice(0, succeeded.length - 1000);
  });
  const runner = await run({
    events,
    connectionString: handle.url,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: options.pollInterval ?? 2000,
    taskList,
    // graphile-worker's own lines, without their metadata (whole jobs); our task wrapper logs failures.
    logger: new GraphileLogger(() => (level, message) => {
      const method = level === "error" ? "error" : level === "warning" ? "warn" : "debug";
      log[method]({ graphile: true }, message.slice(0, 500));
    }),
  });

  let running = true;
  const timers: NodeJS.Timeout[] = [];
  const tick = (fn: () => Promise<void>, ms: number) => {
    const t = setInterval(() => {
      fn().catch((err) => log.warn({ err }, "worker housekeeping failed"));
    }, ms);
    t.unref();
    timers.push(t);
  };
  tick(beat, options.heartbeatMs);
  tick(() => releaseStaleLocks(runner), Math.max(1000, Math.floor(options.staleAfterMs / 3)));
  await beat();
  await releaseStaleLocks(runner);

  const stopped = runner.promise.then(
    () => {
      running = false;
    },
    (err) => {
      running = false;
      log.error({ err }, "worker stopped with an error");
    },
  );
  log.info({ concurrency: options.concurrency, processId }, "worker started");

  return {
    processId,
    isRunning: () => running,
    stopped,
    async stop() {
      if (!running) return;
      for (const t of timers) clearInterval(t);
      await runner.stop();
      running = false;
      // graphile-worker 0.17 does not wait for the completion of the last jobs to reach the database
      // before its pool closes: finish what succeeded here, and release anything else still locked
      // by this process, so no job stays locked until the stale-lock timer.
      const pools = [...poolIds];
      await handle.sql`
        delete from graphile_worker._private_jobs
        where id = any(${succeeded}::bigint[]) and locked_by = any(${pools}::text[])`;
      await handle.sql`
        update graphile_worker._private_jobs set locked_by = null, locked_at = null
        where locked_by = any(${pools}::text[])`;
      await handle.sql`delete from order_intake.worker_heartbeats where process_id = ${processId}`;
      log.info("worker stopped");
    },
  };
}
