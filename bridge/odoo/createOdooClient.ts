import { createJson2OdooClient } from "./createJson2OdooClient.ts";
import { createXmlRpcOdooClient, createXmlRpcProtocol } from "./createXmlRpcOdooClient.ts";
import type { OdooClient, OdooClientOptions, OdooConnection } from "./odooClient.ts";
import { defaultClientOptions } from "./odooClient.ts";
import { withRetry } from "./withRetry.ts";

/**
 * Asks the server its version (`/xmlrpc/2/common` version(), which answers without credentials) and
 * returns the client of its protocol: XML-RPC up to 18, JSON-2 from 19 on.
 */
export async function createOdooClient(
  conn: OdooConnection,
  options: OdooClientOptions = {},
): Promise<OdooClient> {
  const opts = { ...defaultClientOptions, ...options };
  const probe = createXmlRpcProtocol(conn, opts);
  try {
    const version = await withRetry(() => probe.version(), {
      attempts: opts.attempts,
      backoffMs: opts.backoffMs,
      maxBackoffMs: opts.maxBackoffMs,
    });
    return version.major >= 19 ? createJson2OdooClient(conn, options) : createXmlRpcOdooClient(conn, options);
  } finally {
    probe.close();
  }
}
