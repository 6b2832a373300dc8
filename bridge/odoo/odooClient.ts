/** A many2one as Odoo reads it: `[id, "display name"]`, or `false` when empty. */
export type Many2one = [number, string] | false;

export type Domain = unknown[];

export interface FieldInfo {
  type: string;
  string: string;
  relation?: string;
  required?: boolean;
  readonly?: boolean;
}

export interface OdooVersion {
  serverVersion: string;
  /** [major, minor, micro, releaselevel, serial, edition], e.g. [18, 0, 0, "final", 0, ""] */
  serverVersionInfo: unknown[];
  major: number;
}

export interface SearchReadOptions {
  limit?: number;
  offset?: number;
  order?: string;
  context?: Record<string, unknown>;
}

export interface CallOptions {
  /**
   * Whether the call may be repeated after a connection error or a timeout. Reads are; a `create` is
   * not (Odoo may have committed before the connection broke): the caller searches before trying again.
   */
  idempotent?: boolean;
}

/**
 * What the bridge needs from Odoo, whatever the protocol (XML-RPC on 17/18, JSON-2 on 19+).
 * Every call has a deadline; idempotent calls are retried with backoff on connection errors and 5xx;
 * faults come back as OdooError with a code and `retryable`.
 */
export interface OdooClient {
  readonly protocol: "xmlrpc" | "json2";
  version(): Promise<OdooVersion>;
  /** The uid of the configured user (authenticates once). */
  uid(): Promise<number>;
  executeKw<T = unknown>(
    model: string,
    method: string,
    args: unknown[],
    kwargs?: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<T>;
  search(model: string, domain: Domain, options?: SearchReadOptions): Promise<number[]>;
  /** search_read, paginated: reads everything matching in pages of `pageSize` unless `limit` is given. */
  searchRead<T = Record<string, unknown>>(
    model: string,
    domain: Domain,
    fields: string[],
    options?: SearchReadOptions & { pageSize?: number },
  ): Promise<T[]>;
  /** read in chunks of `chunkSize` ids. */
  read<T = Record<string, unknown>>(model: string, ids: number[], fields: string[]): Promise<T[]>;
  create(model: string, values: Record<string, unknown>, context?: Record<string, unknown>): Promise<number>;
  write(
    model: string,
    ids: number[],
    values: Record<string, unknown>,
    context?: Record<string, unknown>,
  ): Promise<boolean>;
  /** fields_get of a model, read once and cached. */
  fieldsGet(model: string): Promise<Record<string, FieldInfo>>;
  close(): void;
}

export interface OdooConnection {
  url: string;
  db: string;
  user: string;
  apiKey: string;
}

export interface OdooClientOptions {
  /** Deadline of one HTTP call. */
  timeoutMs?: number;
  /** Attempts of an idempotent call (connection errors, timeouts, 5xx). */
  attempts?: number;
  /** First backoff delay; doubles each attempt, with jitter. */
  backoffMs?: number;
  maxBackoffMs?: number;
  pageSize?: number;
  /** Parallel sockets per client. */
  maxSockets?: number;
}

export const defaultClientOptions: Required<OdooClientOptions> = {
  timeoutMs: 30_000,
  attempts: 5,
  backoffMs: 200,
  maxBackoffMs: 5_000,
  pageSize: 500,
  maxSockets: 8,
};
