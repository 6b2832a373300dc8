import { readFileSync } from "node:fs";
import { createMemorySeenStore } from "./extract/match/seenStore.ts";
import { createMemoryPartnerMatcher } from "./extract/match/partnerMatcher.ts";
import { createMemoryProductMatcher } from "./extract/match/productMatcher.ts";
import { structuredResult } from "./extract/structured/structuredResult.ts";
import { parseEmail } from "./extract/mime/parseEmail.ts";
import { mailWith } from "./extract/structured/__fixtures__/structuredFixtures.ts";
const catalog = { products: [], customers: [], vendors: [], ownDomain: "x.example" };
for (const f of process.argv.slice(2)) {
  const raw = mailWith("a@b.example", "x", "", [{ name: f.split("/").pop()!, type: "application/xml", content: readFileSync(f) }]);
  const email = await parseEmail(raw);
  const { result } = await structuredResult(email, { products: createMemoryProductMatcher(catalog), partners: createMemoryPartnerMatcher(catalog), seen: createMemorySeenStore() });
  const rs = (result?.reasons ?? []).filter((r) => !["line.unknown_product", "customer.unknown", "structured.read", "structured.delivery_address", "structured.document_charge"].includes(r.code));
  console.log(f.split("/").pop(), result?.kind, result?.orders[0]?.lines.map((l) => `${l.quantity}x${l.unit_price}`).join(" "), rs.map((r) => `${r.code}: ${r.message}`).join(" | "));
}
