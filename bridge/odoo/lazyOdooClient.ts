import { createOdooClient } from "./createOdooClient.ts";
import type { OdooClient, OdooClientOptions, OdooConnection } from "./odooClient.ts";
import { OdooError } from "./odooErrors.ts";

/**
 * One client per worker, made on first use (the version is asked then, not at boot, so a worker
 * starts while Odoo is down). A failed detection is forgotten and tried again by the next job.
 */
export function lazyOdooClient(
  conn: OdooConnection | undefined,
  options: OdooClientOptions = {},
): () => Promise<OdooClient> {
  let client: Promise<OdooClient> | undefined;
  return () => {
    if (!conn) return Promise.reject(new OdooError("odoo.fault", "Odoo is not configured (ODOO_URL)", false));
    if (!client) {
      client = createOdooClient(conn, options);
      client.catch(() => {
        client = undefined;
      });
    }
    return client;
  };
}
