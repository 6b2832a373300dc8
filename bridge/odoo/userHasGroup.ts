import type { OdooClient } from "./odooClient.ts";

/**
 * Whether the Odoo user `uid` belongs to the group `xmlid` ("module.name"), implied groups included;
 * false for a group of a module that is not installed.
 * - 18 and later: `res.users.has_group` on the user's record, its group by name (`ids` + `group_ext_id`:
 *   the same call over XML-RPC and JSON-2).
 * - 17: `has_group` is a model method there, which answers for the caller whatever ids are sent. The
 *   group's id is read from ir.model.data (the bridge's group may read it) and the user searched by it
 *   (`groups_id` holds the implied groups too on 17). `get_external_id` is no way: its answer is keyed
 *   by integers, which XML-RPC cannot carry.
 */
export async function userHasGroup(client: OdooClient, uid: number, xmlid: string): Promise<boolean> {
  if ((await client.version()).major >= 18) {
    return Boolean(
      await client.executeKw<boolean>("res.users", "has_group", [[uid]], { group_ext_id: xmlid }),
    );
  }
  const [module, name] = xmlid.split(".", 2);
  const [ref] = await client.searchRead<{ res_id: number }>(
    "ir.model.data",
    [
      ["module", "=", module],
      ["name", "=", name],
      ["model", "=", "res.groups"],
    ],
    ["res_id"],
    { limit: 1 },
  );
  if (!ref) return false;
  const fields = await client.fieldsGet("res.users");
  const found = await client.search(
    "res.users",
    [
      ["id", "=", uid],
      ["groups_id" in fields ? "groups_id" : "group_ids", "in", [ref.res_id]],
    ],
    { limit: 1, context: { active_test: false } },
  );
  return found.length > 0;
}
