import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { createSeedClient, liveOdoo } from "../test/odooStandIn/liveOdoo.ts";
import { findOdooApprover } from "./findOdooApprover.ts";

/**
 * The Slack approver check against a real Odoo 17, 18 or 19 (runs when ODOO_URL/DB/USER/API_KEY are
 * set; the users are created with ODOO_ADMIN_USER/ODOO_ADMIN_API_KEY). The check runs as the bridge's
 * user: has_group on 18/19 (over XML-RPC and JSON-2), the group lookup on 17.
 */
const live = liveOdoo();

describe.skipIf(!live)("findOdooApprover against a real Odoo", () => {
  let seed: OdooClient;
  let client: OdooClient;
  const run = randomBytes(4).toString("hex");
  const approver = `ann-${run}@approvers.example`;
  const salesOnly = `sam-${run}@approvers.example`;

  beforeAll(async () => {
    seed = await createSeedClient({ timeoutMs: 20_000, attempts: 3, backoffMs: 100 });
    client = await createOdooClient(live!.bridge, { timeoutMs: 20_000, attempts: 3, backoffMs: 100 });
    const fields = await seed.fieldsGet("res.users");
    const groupsField = "group_ids" in fields ? "group_ids" : "groups_id";
    const groupId = async (xmlid: string) => {
      const [module, name] = xmlid.split(".");
      const [ref] = await seed.searchRead<{ res_id: number }>(
        "ir.model.data",
        [
          ["module", "=", module],
          ["name", "=", name],
        ],
        ["res_id"],
        { limit: 1 },
      );
      return ref!.res_id;
    };
    const salesman = await groupId("sales_team.group_sale_salesman");
    const intakeUser = await groupId("order_intake.group_order_intake_user");
    const user = (login: string, groups: number[]) =>
      seed.create("res.users", {
        name: login.split("@")[0],
        login,
        email: login.toUpperCase(),
        [groupsField]: [[6, 0, groups]],
      });
    await user(approver, [salesman, intakeUser]);
    await user(salesOnly, [salesman]);
  }, 60_000);
  afterAll(() => {
    seed?.close();
    client?.close();
  });

  it("finds the user in both groups by login or email, not one missing a group, nor the bridge", async () => {
    expect(await findOdooApprover(client, approver.toUpperCase(), "sales")).toMatchObject({
      login: approver,
    });
    expect(await findOdooApprover(client, salesOnly, "sales")).toBeNull();
    // purchase.group_purchase_user: not given (or purchase not installed)
    expect(await findOdooApprover(client, approver, "purchase")).toBeNull();
    expect(await findOdooApprover(client, `nobody-${run}@approvers.example`, "sales")).toBeNull();
    const [bridgeUser] = await client.searchRead<{ login: string }>(
      "res.users",
      [["id", "=", await client.uid()]],
      ["login"],
    );
    expect(await findOdooApprover(client, bridgeUser!.login, "sales")).toBeNull();
  });
});
