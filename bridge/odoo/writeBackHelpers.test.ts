import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { createSeedClient, liveOdoo } from "../test/odooStandIn/liveOdoo.ts";
import { seedOdooCatalog } from "../test/odooStandIn/seedDecidedMessages.ts";
import { createOdooClient } from "./createOdooClient.ts";
import type { OdooClient } from "./odooClient.ts";
import { writeMailboxStatus, writeMailboxTestResult } from "./writeMailboxStatus.ts";
import { writeProductAlias } from "./writeProductAlias.ts";

const live = liveOdoo();

for (const target of ["stand-in", "live"] as const) {
  describe.skipIf(target === "live" && !live)(`mailbox status and product aliases (${target})`, () => {
    let standIn: OdooStandIn | undefined;
    let client: OdooClient;
    /** Creates what the bridge may not: customer, products, mailboxes (the admin on a real Odoo). */
    let seed: OdooClient;
    let partnerId: number;
    let productIds: number[];
    const run = randomBytes(4).toString("hex");

    beforeAll(async () => {
      standIn = target === "stand-in" ? await createOdooStandIn() : undefined;
      const conn = standIn
        ? { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey }
        : live!.bridge;
      client = await createOdooClient(conn, { timeoutMs: 20_000, attempts: 3, backoffMs: 50 });
      seed = standIn ? client : await createSeedClient({ timeoutMs: 20_000, attempts: 3, backoffMs: 50 });
      ({ partnerId, productIds } = await seedOdooCatalog(seed));
    });
    afterAll(async () => {
      if (seed !== client) seed?.close();
      client?.close();
      await standIn?.close();
    });

    it("writes a mailbox's status, sync time and test result; a deleted mailbox is odoo.missing", async () => {
      const id = await seed.create("order.intake.mailbox", {
        name: `Status ${run}`,
        email: `status-${run}@intake-test.example`,
      });
      await writeMailboxStatus(client, id, {
        status: "ok",
        syncedAt: new Date("2026-01-02T03:04:05Z"),
        passwordState: "sent",
      });
      const read = () =>
        client.read<Record<string, unknown>>(
          "order.intake.mailbox",
          [id],
          ["status", "last_error", "last_sync", "password_state"],
        );
      expect((await read())[0]).toMatchObject({
        status: "ok",
        last_error: false,
        last_sync: "2026-01-02 03:04:05",
        password_state: "sent",
      });
      await writeMailboxTestResult(client, id, { ok: false, error: "IMAP: authentication failed" });
      expect((await read())[0]).toMatchObject({ status: "error", last_error: "IMAP: authentication failed" });
      await writeMailboxTestResult(client, id, { ok: true });
      expect((await read())[0]).toMatchObject({ status: "ok", last_error: false });
      // the test's findings and its time; then a sync pass with today's counts, leaving the status alone
      await writeMailboxTestResult(client, id, {
        ok: true,
        testedAt: new Date("2026-01-02T04:00:00Z"),
        findings: ["! folder Processed missing: it will be created", "✓ IMAP: logged in"],
      });
      await writeMailboxStatus(client, id, {
        syncedAt: new Date("2026-01-02T05:00:00Z"),
        today: { date: "2026-01-02", received: 5, drafted: 3, review: 1, failed: 1 },
      });
      const [after] = await client.read<Record<string, unknown>>(
        "order.intake.mailbox",
        [id],
        [
          "status",
          "last_sync",
          "last_test",
          "test_findings",
          "counts_date",
          "received_today",
          "failed_today",
        ],
      );
      expect(after).toMatchObject({
        status: "ok",
        last_sync: "2026-01-02 05:00:00",
        last_test: "2026-01-02 04:00:00",
        test_findings: "! folder Processed missing: it will be created\n✓ IMAP: logged in",
        counts_date: "2026-01-02",
        received_today: 5,
        failed_today: 1,
      });
      await expect(writeMailboxStatus(client, 99_999_999, { status: "ok" })).rejects.toMatchObject({
        code: "odoo.missing",
        retryable: false,
      });
    });

    it("writes an alias once and re-points it (P3's writeProductAlias)", async () => {
      const key = `PART ${run} X`;
      const id = await writeProductAlias(client, { partnerRef: "C-9001", key, productCode: "OI-1" });
      expect(await writeProductAlias(client, { partnerRef: "C-9001", key, productCode: "OI-1" })).toBe(id);
      expect(await writeProductAlias(client, { partnerRef: "C-9001", key, productCode: "OI-2" })).toBe(id);
      const rows = await client.searchRead<{ key: string; product_id: [number, string] }>(
        "order.intake.product.alias",
        [
          ["partner_id", "=", partnerId],
          ["key", "=", key],
        ],
        ["key", "product_id"],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.product_id[0]).toBe(productIds[1]);
    });
  });
}
