import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { OdooError } from "../../odoo/odooErrors.ts";
import { AliasTargetMissingError, writeProductAlias } from "../../odoo/writeProductAlias.ts";
import { defineTask } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";

/**
 * Job `odoo_alias_write`: copies one learned alias (product_aliases row) into Odoo's
 * `order.intake.product.alias`, so what the bridge learnt stays in the ERP. One Odoo write per job.
 */
export function createOdooAliasWriteTask(deps: { handle: DatabaseHandle; odoo: () => Promise<OdooClient> }) {
  const { handle } = deps;
  return defineTask("odoo_alias_write", async ({ aliasId }, ctx) => {
    const [row] = await handle.sql<{ partner_ref: string; alias_key: string; product_code: string }[]>`
      select partner_ref, alias_key, product_code from order_intake.product_aliases where id = ${aliasId}`;
    if (!row) throw new PermanentJobError("alias.missing", `no alias row ${aliasId}`);
    const client = await deps.odoo();
    try {
      const odooId = await writeProductAlias(client, {
        partnerRef: row.partner_ref,
        key: row.alias_key,
        productCode: row.product_code,
      });
      await handle.sql`
        update order_intake.product_aliases set odoo_alias_id = ${odooId}, updated_at = now()
        where id = ${aliasId}`;
      ctx.log.info({ alias: aliasId, odooId }, "learned alias stored in Odoo");
    } catch (err) {
      if (err instanceof AliasTargetMissingError) throw new PermanentJobError(err.code, err.message);
      if (err instanceof OdooError && !err.retryable) throw new PermanentJobError(err.code, err.message);
      throw err;
    }
  });
}
