import type { OdooClient } from "./odooClient.ts";
import { OdooError } from "./odooErrors.ts";
import { bridgeContext } from "./writeSaleDraft.ts";

export class AliasTargetMissingError extends Error {
  constructor(
    readonly code: "partner.unknown" | "product.unknown",
    message: string,
  ) {
    super(message);
    this.name = "AliasTargetMissingError";
  }
}

/** The addon's normalisation of an alias key (order_intake_product_alias.normalize_key). */
export function normalizeAliasKey(key: string): string {
  return key.split(/\s+/).filter(Boolean).join(" ");
}

type AliasRow = { id: number; product_id: [number, string] | false; active: boolean };

/**
 * Writes the alias "this customer's `key` is our product `productCode`" into Odoo
 * (order.intake.product.alias), idempotently: customer by its reference and product by its code;
 * finds the alias (archived ones too: the unique key (partner, key) covers them), re-points or
 * re-activates it, or creates it. A create that loses a race with another writer (the addon's
 * unique constraint), or whose answer was lost, is resolved by finding the winner and updating it.
 * Returns the Odoo id. (First written by P5 with ids; P3 resolves the customer and product here.)
 */
export async function writeProductAlias(
  client: OdooClient,
  alias: { partnerRef: string; key: string; productCode: string },
): Promise<number> {
  const key = normalizeAliasKey(alias.key);
  if (!key) throw new OdooError("odoo.validation", "an alias needs a non-empty key", false);
  const [partner] = await client.search("res.partner", [["ref", "=", alias.partnerRef]], {
    limit: 1,
    order: "id",
  });
  if (!partner) {
    throw new AliasTargetMissingError("partner.unknown", `no customer with reference ${alias.partnerRef}`);
  }
  const [product] = await client.search("product.product", [["default_code", "=", alias.productCode]], {
    limit: 1,
    order: "id",
  });
  if (!product) {
    throw new AliasTargetMissingError("product.unknown", `no product with code ${alias.productCode}`);
  }
  const find = async () =>
    (
      await client.searchRead<AliasRow>(
        "order.intake.product.alias",
        [
          ["partner_id", "=", partner],
          ["key", "=", key],
        ],
        ["id", "product_id", "active"],
        { limit: 1, context: { active_test: false } },
      )
    )[0];
  const update = async (row: AliasRow) => {
    if (!(row.active && row.product_id && row.product_id[0] === product)) {
      await client.write(
        "order.intake.product.alias",
        [row.id],
        { product_id: product, active: true },
        bridgeContext,
      );
    }
    return row.id;
  };
  const found = await find();
  if (found) return update(found);
  try {
    return await client.create(
      "order.intake.product.alias",
      { partner_id: partner, key, product_id: product },
      bridgeContext,
    );
  } catch (error) {
    const winner = await find();
    if (winner) return update(winner);
    throw error;
  }
}
