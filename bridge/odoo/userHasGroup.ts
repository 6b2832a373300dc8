import type { OdooClient } from "./odooClient.ts";

/**
 * Whether the Odoo user `uid` belongs to the group `xmlid` ("module.name"), implied groups included;
 * false for a group of a module that is not installed.
 * - 18 and later: `res.users.has_group` on the user's record, its group by name (`ids` + `group_ext_id`:
 *   the same call over XML-RPC and JSON-2).
 * - 17: `has_group` is a model method there, which answers for the caller whatever ids are sent. The
 *   user's groups (`groups_id`, which on 17 holds the implied groups too) are read and their external
 *   ids asked with `get_external_id` (ir.model.data itself is not readable by the bridge's user).
 */
export async function userHasGroup(client: OdooClient, uid: number, xmlid: string): Promise<boolean> {
  if ((await client.version()).major >= 18) {
    return Boolean(
      await client.executeKw<boolean>("res.users", "has_group", [[uid]], { group_ext_id: xmlid }),
    );
  }
  const fields = await client.fieldsGet("res.users");
  const groupsField = "groups_id" in fields ? "groups_id" : "group_ids";
  const [user] = await client.read<Record<string, number[]>>("res.users", [uid], [groupsField]);
  const groupIds = user?.[groupsField] ?? [];
  if (groupIds.length === 0) return false;
  const external = await client.executeKw<Record<string, string>>("res.groups", "get_external_id", [
    groupIds,
  ]);
  return Object.values(external).includes(xmlid);
}
