import type { OdooClient } from "./odooClient.ts";
import { OdooError } from "./odooErrors.ts";
import { bridgeContext } from "./writeSaleDraft.ts";

export interface ProductAlias {
  /** res.partner id of the customer whose part number this is. */
  partnerId: number;
  /** The customer's part number or description (whitespace is normalised, as the addon does). */
  key: string;
  productId: number;
}

export interface ProductAliasResult {
  id: number;
  /** created: new; updated: pointed to another product or was archived; unchanged: already so. */
  outcome: "created" | "updated" | "unchanged";
}

/** The addon's normalisation of an alias key (order_intake_product_alias.normalize_key). */
export function normalizeAliasKey(key: string): string {
  return key.split(/\s+/).filter(Boolean).join(" ");
}

type AliasRow = { id: number; product_id: [number, string] | false; active: boolean };

/**
 * Writes the alias "this customer's `key` is our `productId`" into Odoo (order.intake.product.alias),
 * idempotently: finds it (archived ones too: the unique key (partner, key) covers them), re-points or
 * re-activates it, or creates it. A create that loses a race with another writer (the addon's unique
 * constraint answers "already points to a product") is resolved by finding the winner and updating it.
 */
export async function writeProductAlias(
  client: OdooClient,
  alias: ProductAlias,
): Promise<ProductAliasResult> {
  const key = normalizeAliasKey(alias.key);
  if (!key) throw new OdooError("odoo.validation", "an alias needs a non-empty key", false);
  const find = async () =>
    (
      await client.searchRead<AliasRow>(
        "order.intake.product.alias",
        [
          ["partner_id", "=", alias.partnerId],
          ["key", "=", key],
        ],
        ["id", "product_id", "active"],
        { limit: 1, context: { active_test: false } },
      )
    )[0];
  const update = async (row: AliasRow): Promise<ProductAliasResult> => {
    if (row.active && row.product_id && row.product_id[0] === alias.productId) {
      return { id: row.id, outcome: "unchanged" };
    }
    await client.write(
      "order.intake.product.alias",
      [row.id],
      { product_id: alias.productId, active: true },
      bridgeContext,
    );
    return { id: row.id, outcome: "updated" };
  };
  const found = await find();
  if (found) return update(found);
  try {
    const id = await client.create(
      "order.intake.product.alias",
      { partner_id: alias.partnerId, key, product_id: alias.productId },
      bridgeContext,
    );
    return { id, outcome: "created" };
  } catch (error) {
    // Lost a race (unique (partner_id, key)), or the answer of a committed create was lost.
    const winner = await find();
    if (winner) return update(winner);
    throw error;
  }
}
