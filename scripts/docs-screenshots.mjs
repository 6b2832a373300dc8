// Takes the README's screenshots of the order_intake addon from a running Odoo (docs/*.png).
//
// Needs playwright-core and a Chromium, which are NOT dependencies of this project: install them
// outside the repository (e.g. `mkdir /tmp/shots && cd /tmp/shots && npm i playwright-core`, and a
// system chromium), then point PLAYWRIGHT_CORE at that module.
//
//   PLAYWRIGHT_CORE=/tmp/shots/node_modules/playwright-core/index.mjs \
//   ODOO_URL=http://127.0.0.1:8069 ODOO_LOGIN=admin ODOO_PASSWORD=... \
//   LOG_ID=22 UNKNOWN_PRODUCT_ORDER_ID=14 WARNING_ORDER_ID=15 MAILBOX_ID=2 \
//   node scripts/docs-screenshots.mjs [name ...]
//
// Names (default: all whose record id is given): settings, intake-log-no-draft (LOG_ID: an entry
// without a draft), draft-unknown-product (UNKNOWN_PRODUCT_ORDER_ID), draft-warning
// (WARNING_ORDER_ID), mailbox-test-connection (MAILBOX_ID: clicks Test Connection first and waits
// for the bridge's findings, so the bridge must be running and the Bridge URL set).
// Other variables: CHROMIUM (default /usr/bin/chromium), OUT_DIR (default docs), WIDTH (1440).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const env = process.env;
const base = (env.ODOO_URL ?? "http://127.0.0.1:8069").replace(/\/$/, "");
const outDir = env.OUT_DIR ?? "docs";
const width = Number(env.WIDTH ?? 1440);

/** name -> [record id variable, URL path, viewport height, what to do before the screenshot] */
const shots = {
  settings: [null, "/odoo/settings#order_intake", 900],
  "intake-log-no-draft": ["LOG_ID", (id) => `/odoo/action-order_intake.order_intake_log_action/${id}`, 1000],
  "draft-unknown-product": [
    "UNKNOWN_PRODUCT_ORDER_ID",
    (id) => `/odoo/action-order_intake.sale_order_action_ai_drafts/${id}`,
    1000,
  ],
  "draft-warning": [
    "WARNING_ORDER_ID",
    (id) => `/odoo/action-order_intake.sale_order_action_ai_drafts/${id}`,
    1000,
  ],
  "mailbox-test-connection": [
    "MAILBOX_ID",
    (id) => `/odoo/action-order_intake.order_intake_mailbox_action/${id}`,
    960,
    testConnection,
  ],
};

const { chromium } = await import(env.PLAYWRIGHT_CORE ?? "playwright-core");

/** Waits for Odoo's web client to finish loading the view (no spinner, no blocking overlay). */
async function settle(page) {
  await page.waitForLoadState("load");
  await page
    .waitForSelector(".o_action_manager .o_view_controller, .o_action_manager .o_setting_container", {
      timeout: 20_000,
    })
    .catch(() => {});
  await page
    .waitForFunction(() => !document.querySelector(".o_loading_indicator, .o_blockUI"), null, {
      timeout: 20_000,
    })
    .catch(() => {});
  await page.waitForTimeout(1500);
}

/** The text of a form field, "" when the form hides it. */
async function fieldText(page, name) {
  const field = page.locator(`div[name=${name}]`);
  return (await field.count()) > 0 ? ((await field.first().textContent()) ?? "").trim() : "";
}

/** Clicks Test Connection, then reloads until the bridge wrote its findings (at most a minute). */
async function testConnection(page, url) {
  const before = await fieldText(page, "last_test");
  await page.click("button[name=action_test_connection]");
  await page.waitForTimeout(1500);
  for (let i = 0; i < 20; i++) {
    await page.goto(url);
    await settle(page);
    const now = await fieldText(page, "last_test");
    if (now && now !== before) return;
    await page.waitForTimeout(2000);
  }
  throw new Error("no Test Connection findings within a minute: is the bridge running?");
}

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(shots).filter((n) => !shots[n][0] || env[shots[n][0]]);
const profile = mkdtempSync(path.join(tmpdir(), "oi-shots-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width, height: 900 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${base}/web/login`);
  await page.fill("input[name=login]", env.ODOO_LOGIN ?? "admin");
  await page.fill("input[name=password]", env.ODOO_PASSWORD ?? "admin");
  await Promise.all([page.waitForURL(/\/odoo/), page.click("button[type=submit]")]);
  await page.waitForSelector(".o_main_navbar");
  for (const name of names) {
    const shot = shots[name];
    if (!shot) throw new Error(`unknown screenshot ${name}; known: ${Object.keys(shots).join(", ")}`);
    const [idVar, to, height, before] = shot;
    if (idVar && !env[idVar]) throw new Error(`${name} needs ${idVar} (a record id)`);
    const url = `${base}${typeof to === "function" ? to(env[idVar]) : to}`;
    await page.setViewportSize({ width, height });
    await page.goto(url);
    await settle(page);
    if (before) await before(page, url);
    if (await page.locator(".o_error_dialog, .o_dialog .modal-title:text('Error')").count()) {
      throw new Error(`${name}: Odoo shows an error dialog at ${url}`);
    }
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`${file}  ${Math.round(statSync(file).size / 1024)} KB  ${url}`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
