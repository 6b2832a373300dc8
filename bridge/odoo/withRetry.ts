import { isRetryableOdooError } from "./odooErrors.ts";

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** Gives up early when aborted. */
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    // the listener goes with the sleep: a long outage must not pile listeners up on the job's signal
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Runs `fn` again after a retryable OdooError, with exponential backoff and jitter. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!isRetryableOdooError(error) || attempt >= policy.attempts || policy.signal?.aborted) throw error;
      const base = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
      await sleep(base / 2 + Math.random() * (base / 2), policy.signal);
    }
  }
}
