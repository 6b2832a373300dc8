import type { OdooClient } from "./odooClient.ts";

export class AliasTargetMissingError extends Error {
  constructor(
    readonly code: "partner.unknown" | "product.unknown",
    message: string,
  ) {
    super(message);
    this.name = "AliasTargetMissingError";
  }
}

/**
 * Stores one learned alias in Odoo's `order.intake.product.alias` (unique per customer and key):
 * searched first, so running it again after a crash writes nothing twice; an existing alias that
 * points elsewhere is moved to the new product. Returns the Odoo id.
 */
export async function writeProductAlias(
  client: OdooClient,
  alias: { partnerRef: string; key: string; productCode: string },
): Promise<number> {
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
  const find = () =>
    client.searchRead<{ id: number; product_id: [number, string] | false; active: boolean }>(
      "order.intake.product.alias",
      [
        ["partner_id", "=", partner],
        ["key", "=", alias.key],
      ],
      ["product_id", "active"],
      { limit: 1, context: { active_test: false } },
    );
  const [existing] = await find();
  if (existing) {
    const current = existing.product_id ? existing.product_id[0] : null;
    if (current !== product || !existing.active) {
      await client.write("order.intake.product.alias", [existing.id], { product_id: product, active: true });
    }
    return existing.id;
  }
  try {
    return await client.create("order.intake.product.alias", {
      partner_id: partner,
      key: alias.key,
      product_id: product,
    });
  } catch (err) {
    // created meanwhile (a concurrent run, or a create whose answer was lost): the unique key holds
    const [again] = await find();
    if (again) return again.id;
    throw err;
  }
}
