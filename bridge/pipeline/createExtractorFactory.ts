import {
  cachedCatalogVersion,
  loadCachedCatalog,
  loadCachedPriceRules,
} from "../catalog/loadCachedCatalog.ts";
import { createPriceLookup } from "../catalog/pricelistPrices.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import {
  createExtractor,
  type Extractor,
  type ExtraReader,
  loadDefaultReaders,
} from "../extract/createExtractor.ts";
import { createClaudeReader } from "../extract/llm/createClaudeReader.ts";
import { createPgModelBudget } from "../extract/llm/createPgModelBudget.ts";
import type { Catalog } from "../extract/match/catalog.ts";
import { createMemoryPartnerMatcher, type PartnerMatcher } from "../extract/match/partnerMatcher.ts";
import type { PriceLookup } from "../extract/match/priceLookup.ts";
import { createMemoryProductMatcher, type ProductMatcher } from "../extract/match/productMatcher.ts";
import type { OcrEngine } from "../extract/ocr/createOcrEngine.ts";
import { createScanReader, type ScanReader } from "../extract/ocr/createScanReader.ts";
import { createIndexedProductMatcher } from "../match/createIndexedProductMatcher.ts";
import { createPgAliasStore } from "../match/createPgAliasStore.ts";
import { createPgLayoutMemory } from "../match/createPgLayoutMemory.ts";
import { createPgSeenStore } from "./createPgSeenStore.ts";

export type ExtractorFactory = ((messageKey: string) => Extractor) & {
  /** The next extraction looks at the catalog cache again (it was just synced: Retry from Odoo). */
  refresh?: () => void;
};

interface CatalogState {
  version: string;
  catalog: Catalog;
  products: ProductMatcher;
  partners: PartnerMatcher;
  prices?: PriceLookup;
}

/**
 * Builds the catalog matchers and readers once; each message gets an extractor whose memory of
 * earlier messages (duplicates, resends, amendments) lives in PostgreSQL. With `catalogCache`, the
 * catalog is the cache synced from Odoo (re-read when a sync changed it, checked at most every
 * `refreshMs`), the CSV catalog serving until the first sync has filled it.
 */
export async function createExtractorFactory(deps: {
  handle: DatabaseHandle;
  catalog: Catalog;
  /** Claude as a second reader, when ANTHROPIC_API_KEY is set. */
  anthropic?: { apiKey: string; model: string; tokensPerEmail?: number; dailyCostUsd?: number };
  /** The Odoo database whose learned aliases (and catalog cache) apply (ODOO_DB; "local" without Odoo). */
  odooDatabase?: string;
  /** Match against the catalog cache synced from Odoo instead of the CSV catalog. */
  catalogCache?: boolean;
  refreshMs?: number;
  /** OCR for scans: one engine (worker pool) shared by every message of this process. */
  ocr?: { engine: OcrEngine; pageTimeoutMs: number };
  /** Readers beside the built-in ones (structured e-documents, the model as a reader): see ExtraReader. */
  extraReaders?: ExtraReader[];
}): Promise<ExtractorFactory> {
  const llm = deps.anthropic
    ? createClaudeReader({
        apiKey: deps.anthropic.apiKey,
        model: deps.anthropic.model,
        timeoutMs: 60_000,
        maxRetries: 2,
      })
    : null;
  const readers = await loadDefaultReaders();
  const odooDatabase = deps.odooDatabase ?? "local";
  // P16: the model's budgets (Odoo's settings, else the environment's), usage kept per email
  const modelBudget = deps.anthropic
    ? createPgModelBudget({
        handle: deps.handle,
        odooDatabase,
        defaults: {
          tokensPerEmail: deps.anthropic.tokensPerEmail ?? 100_000,
          dailyCostUsd: deps.anthropic.dailyCostUsd ?? 20,
        },
      })
    : null;
  const aliases = createPgAliasStore(deps.handle, odooDatabase);
  const layout = createPgLayoutMemory(deps.handle, odooDatabase);
  let state: CatalogState = {
    version: "csv",
    catalog: deps.catalog,
    products: createMemoryProductMatcher(deps.catalog),
    partners: createMemoryPartnerMatcher(deps.catalog),
  };
  let checkedAt = 0;
  let thresholds: { auto: number; review: number } | null = null;
  let priceTolerance: number | null = null;
  let thresholdsAt = 0;
  /** Odoo's thresholds as settings.updated mirrored them (percent there, 0..1 here). */
  const currentThresholds = async () => {
    if (Date.now() - thresholdsAt < (deps.refreshMs ?? 30_000)) return thresholds;
    thresholdsAt = Date.now();
    const [row] = await deps.handle.sql<
      { auto: string | null; review: string | null; price_tolerance: string | null }[]
    >`
      select values -> 'thresholds' ->> 'auto' as auto, values -> 'thresholds' ->> 'review' as review,
             values ->> 'price_tolerance' as price_tolerance
      from order_intake.settings where odoo_database = ${odooDatabase} order by updated_at desc limit 1`;
    const auto = Number(row?.auto);
    const review = Number(row?.review);
    thresholds =
      row && Number.isFinite(auto) && Number.isFinite(review) && row.auto !== null && row.review !== null
        ? { auto: auto / 100, review: review / 100 }
        : null;
    const tolerance = Number(row?.price_tolerance);
    priceTolerance = row?.price_tolerance && Number.isFinite(tolerance) ? tolerance / 100 : null;
    return thresholds;
  };
  const current = async (): Promise<CatalogState> => {
    if (!deps.catalogCache || Date.now() - checkedAt < (deps.refreshMs ?? 30_000)) return state;
    checkedAt = Date.now();
    const version = await cachedCatalogVersion(deps.handle, odooDatabase);
    if (version === state.version) return state;
    const catalog = await loadCachedCatalog(deps.handle, odooDatabase, deps.catalog.ownDomain);
    if (catalog) {
      state = {
        version,
        catalog,
        products: createIndexedProductMatcher(catalog.products),
        partners: createMemoryPartnerMatcher(catalog),
        prices: createPriceLookup(await loadCachedPriceRules(deps.handle, odooDatabase)),
      };
    }
    return state;
  };
  const scanReaders = new WeakMap<Catalog, ScanReader>();
  const scanReaderFor = (catalog: Catalog): ScanReader | null => {
    if (!deps.ocr) return null;
    let reader = scanReaders.get(catalog);
    if (!reader) {
      reader = createScanReader({ engine: deps.ocr.engine, catalog, pageTimeoutMs: deps.ocr.pageTimeoutMs });
      scanReaders.set(catalog, reader);
    }
    return reader;
  };
  const factory: ExtractorFactory = (messageKey) => ({
    async extract(raw, options) {
      const s = await current();
      return createExtractor({
        thresholds: await currentThresholds(),
        priceTolerance,
        prices: s.prices,
        catalog: s.catalog,
        seen: createPgSeenStore(deps.handle, messageKey),
        products: s.products,
        partners: s.partners,
        readers,
        llm,
        modelBudget,
        layout,
        aliases,
        ocr: scanReaderFor(s.catalog),
        ...(deps.extraReaders ? { extraReaders: deps.extraReaders } : {}),
      }).extract(raw, options);
    },
  });
  factory.refresh = () => {
    checkedAt = 0;
  };
  return factory;
}
