import { createOdooClient } from "../../odoo/createOdooClient.ts";
import type { OdooClient, OdooClientOptions, OdooConnection } from "../../odoo/odooClient.ts";

/**
 * The real Odoo (17, 18 or 19) the live tests run against, from the environment:
 * - `ODOO_URL`, `ODOO_DB`, `ODOO_USER`, `ODOO_API_KEY`: the bridge's own user (group "Order Intake /
 *   Bridge (technical)"), the one the code under test logs in with;
 * - `ODOO_ADMIN_USER`, `ODOO_ADMIN_API_KEY` (optional): an administrator of the same database, used
 *   only to SEED what a test needs and the bridge may rightly not create (customers, products,
 *   mailboxes, vendors and confirmed purchase orders, employees). Without them the bridge user seeds,
 *   which only works where it was given those rights.
 */
export function liveOdoo(): { bridge: OdooConnection; admin: OdooConnection } | undefined {
  const env = process.env;
  if (!(env.ODOO_URL && env.ODOO_DB && env.ODOO_USER && env.ODOO_API_KEY)) return undefined;
  const bridge = { url: env.ODOO_URL, db: env.ODOO_DB, user: env.ODOO_USER, apiKey: env.ODOO_API_KEY };
  const admin =
    env.ODOO_ADMIN_USER && env.ODOO_ADMIN_API_KEY
      ? { ...bridge, user: env.ODOO_ADMIN_USER, apiKey: env.ODOO_ADMIN_API_KEY }
      : bridge;
  return { bridge, admin };
}

/** A client of the seeding user (the admin when ODOO_ADMIN_* is set). */
export function createSeedClient(options: OdooClientOptions = {}): Promise<OdooClient> {
  const live = liveOdoo();
  if (!live) throw new Error("ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY are not set");
  return createOdooClient(live.admin, options);
}
