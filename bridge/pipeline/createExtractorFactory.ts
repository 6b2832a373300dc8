import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { createExtractor, type Extractor, loadDefaultReaders } from "../extract/createExtractor.ts";
import { createClaudeReader } from "../extract/llm/createClaudeReader.ts";
import type { Catalog } from "../extract/match/catalog.ts";
import { createMemoryPartnerMatcher } from "../extract/match/partnerMatcher.ts";
import { createMemoryProductMatcher } from "../extract/match/productMatcher.ts";
import { createPgAliasStore } from "../match/createPgAliasStore.ts";
import { createPgSeenStore } from "./createPgSeenStore.ts";

export type ExtractorFactory = (messageKey: string) => Extractor;

/**
 * Builds the catalog matchers and readers once; each message gets an extractor whose memory of
 * earlier messages (duplicates, resends, amendments) lives in PostgreSQL.
 */
export async function createExtractorFactory(deps: {
  handle: DatabaseHandle;
  catalog: Catalog;
  /** Claude as a second reader, when ANTHROPIC_API_KEY is set. */
  anthropic?: { apiKey: string; model: string };
  /** The Odoo database whose learned aliases apply (ODOO_DB; "local" without Odoo). */
  odooDatabase?: string;
}): Promise<ExtractorFactory> {
  const llm = deps.anthropic
    ? createClaudeReader({
        apiKey: deps.anthropic.apiKey,
        model: deps.anthropic.model,
        timeoutMs: 60_000,
        maxRetries: 2,
      })
    : null;
  const products = createMemoryProductMatcher(deps.catalog);
  const partners = createMemoryPartnerMatcher(deps.catalog);
  const readers = await loadDefaultReaders();
  const aliases = createPgAliasStore(deps.handle, deps.odooDatabase ?? "local");
  return (messageKey) =>
    createExtractor({
      catalog: deps.catalog,
      seen: createPgSeenStore(deps.handle, messageKey),
      products,
      partners,
      readers,
      llm,
      aliases,
    });
}
