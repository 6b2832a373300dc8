import type {
  CallOptions,
  Domain,
  FieldInfo,
  OdooClient,
  OdooClientOptions,
  OdooVersion,
  SearchReadOptions,
} from "./odooClient.ts";
import { withRetry } from "./withRetry.ts";

/** The protocol-specific part of a client: one raw model call, the version and the uid. */
export interface OdooProtocol {
  protocol: "xmlrpc" | "json2";
  version(): Promise<OdooVersion>;
  uid(): Promise<number>;
  call(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

/** Everything above the wire, shared by XML-RPC and JSON-2: retries, pagination, fields_get cache. */
export function buildOdooClient(protocol: OdooProtocol, options: Required<OdooClientOptions>): OdooClient {
  const fieldsCache = new Map<string, Promise<Record<string, FieldInfo>>>();
  const policy = {
    attempts: options.attempts,
    backoffMs: options.backoffMs,
    maxBackoffMs: options.maxBackoffMs,
  };

  const executeKw = <T>(
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown> = {},
    callOptions: CallOptions = {},
  ): Promise<T> => {
    const once = () => protocol.call(model, method, args, kwargs) as Promise<T>;
    return callOptions.idempotent === false ? once() : withRetry(once, policy);
  };

  // The server's version does not change under a running client: asked once (a failure is asked again).
  let versionPromise: Promise<OdooVersion> | undefined;
  const client: OdooClient = {
    protocol: protocol.protocol,
    version() {
      versionPromise ??= withRetry(() => protocol.version(), policy);
      versionPromise.catch(() => {
        versionPromise = undefined;
      });
      return versionPromise;
    },
    uid: () => withRetry(() => protocol.uid(), policy),
    executeKw,
    search: (model: string, domain: Domain, o: SearchReadOptions = {}) =>
      executeKw<number[]>(model, "search", [domain], {
        ...(o.limit !== undefined ? { limit: o.limit } : {}),
        ...(o.offset ? { offset: o.offset } : {}),
        ...(o.order ? { order: o.order } : {}),
        ...(o.context ? { context: o.context } : {}),
      }),
    async searchRead<T>(
      model: string,
      domain: Domain,
      fields: string[],
      o: SearchReadOptions & { pageSize?: number } = {},
    ): Promise<T[]> {
      const pageSize = o.pageSize ?? options.pageSize;
      const order = o.order ?? "id";
      if (o.limit !== undefined && o.limit <= pageSize) {
        return executeKw<T[]>(model, "search_read", [domain], {
          fields,
          limit: o.limit,
          offset: o.offset ?? 0,
          order,
          ...(o.context ? { context: o.context } : {}),
        });
      }
      const out: T[] = [];
      let offset = o.offset ?? 0;
      for (;;) {
        const want = o.limit === undefined ? pageSize : Math.min(pageSize, o.limit - out.length);
        if (want <= 0) break;
        const page = await executeKw<T[]>(model, "search_read", [domain], {
          fields,
          limit: want,
          offset,
          order,
          ...(o.context ? { context: o.context } : {}),
        });
        out.push(...page);
        offset += page.length;
        if (page.length < want) break;
      }
      return out;
    },
    async read<T>(model: string, ids: number[], fields: string[]): Promise<T[]> {
      const out: T[] = [];
      for (let i = 0; i < ids.length; i += options.pageSize) {
        out.push(...(await executeKw<T[]>(model, "read", [ids.slice(i, i + options.pageSize)], { fields })));
      }
      return out;
    },
    create: (model, values, context) =>
      executeKw<number>(model, "create", [values], context ? { context } : {}, { idempotent: false }),
    write: (model, ids, values, context) =>
      executeKw<boolean>(model, "write", [ids, values], context ? { context } : {}),
    fieldsGet(model: string) {
      let cached = fieldsCache.get(model);
      if (!cached) {
        cached = executeKw<Record<string, FieldInfo>>(model, "fields_get", [], {
          attributes: ["type", "string", "relation", "required", "readonly"],
        });
        fieldsCache.set(model, cached);
        cached.catch(() => fieldsCache.delete(model));
      }
      return cached;
    },
    close: () => protocol.close(),
  };
  return client;
}
