/**
 * An alias key as Odoo's `order.intake.product.alias` stores it: white space collapsed, case kept
 * (the addon's `normalize_key`). Lookups compare `aliasLookupKey`, which also ignores case.
 */
export function aliasKey(text: string): string {
  return text.split(/\s+/).filter(Boolean).join(" ");
}

/** What two alias keys are compared by: the Odoo key, lower-cased. */
export function aliasLookupKey(text: string): string {
  return aliasKey(text).toLowerCase();
}
