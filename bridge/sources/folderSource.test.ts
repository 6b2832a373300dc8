import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogDir, demoInboxDir } from "../config/loadConfig.ts";
import { createLogger } from "../log/createLogger.ts";
import { startTestService } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { waitFor } from "../test/waitFor.ts";
import { scanFolder } from "./scanFolder.ts";

let db: TestDatabase;
let inbox: string;

beforeAll(async () => {
  db = await createTestDatabase();
  inbox = await mkdtemp(path.join(tmpdir(), "oi-inbox-"));
  await cp(demoInboxDir, inbox, { recursive: true });
});
afterAll(async () => {
  await db?.drop();
  if (inbox) await rm(inbox, { recursive: true, force: true });
});

const finalCount = async () => {
  const [r] = await db.sql<{ n: number }[]>`
    select count(*)::int as n from order_intake.messages where status in ('processed', 'ignored', 'duplicate')`;
  return r!.n;
};

describe("the main job on a local folder of .eml files", () => {
  it("reads every mail, stores one decision each with reasons, and moves the files to Processed", async () => {
    const service = await startTestService(db, {
      env: { SOURCES_DIR: inbox, SOURCES_POLL_MS: "300", CATALOG_DIR: demoCatalogDir },
    });
    try {
      const demo = (await readdir(demoInboxDir)).filter((f) => f.endsWith(".eml"));
      await waitFor(async () => (await finalCount()) === demo.length, {
        what: "every demo mail to be decided",
      });
      const decisions = await db.sql<{ action: string; kind: string; customer_ref: string | null }[]>`
        select d.action, d.kind, d.customer_ref from order_intake.decisions d
        join order_intake.messages m on m.id = d.message_id order by m.source_path`;
      expect(decisions.map((d) => d.kind)).toEqual(["sales_order", "sales_order", "not_an_order"]);
      expect(decisions[0]).toMatchObject({ action: "draft", customer_ref: "C-9001" });
      expect(decisions[2]!.action).toBe("ignore");
      const [extraction] = await db.sql<{ result: { orders: Array<{ lines: unknown[] }> } }[]>`
        select e.result from order_intake.extractions e join order_intake.messages m on m.id = e.message_id
        where m.source_path like '%01-plain-text-order.eml'`;
      expect(extraction!.result.orders[0]!.lines).toHaveLength(3);
      await waitFor(async () => (await readdir(inbox)).filter((f) => f.endsWith(".eml")).length === 0, {
        what: "the files to leave the inbox",
      });
      expect((await readdir(path.join(inbox, "Processed"))).sort()).toEqual(demo.sort());

      // The same message delivered again: no second row, the copy is moved too.
      const again = path.join(inbox, "again.eml");
      await writeFile(again, await readFile(path.join(inbox, "Processed", demo[0]!)));
      await waitFor(async () => !(await readdir(inbox)).includes("again.eml"), {
        what: "the copy to be moved",
      });
      const [rows] = await db.sql<{ n: number }[]>`select count(*)::int as n from order_intake.messages`;
      expect(rows!.n).toBe(demo.length);
    } finally {
      await service.stop();
    }
  });

  it("a crash between deciding and moving: the next scan moves the file without a second row", async () => {
    const crashed = path.join(inbox, "crashed.eml");
    await writeFile(
      crashed,
      "From: a@b.example\r\nMessage-ID: <crash-test@b.example>\r\nSubject: x\r\n\r\nhello\r\n",
    );
    const [mb] = await db.sql<{ id: number }[]>`select id from order_intake.mailboxes where kind = 'folder'`;
    const mailbox = { id: mb!.id, folderPath: inbox, processedFolder: "Processed", failedFolder: "Failed" };
    const log = createLogger({ level: "silent" });
    const first = await scanFolder({ handle: db, log, mailbox, maxBytes: 1e6 });
    expect(first).toEqual({ enqueued: 1, moved: 0 });
    // The job decided, then the process died before the move.
    await db.sql`update order_intake.messages set status = 'processed' where message_id = '<crash-test@b.example>'`;
    const second = await scanFolder({ handle: db, log, mailbox, maxBytes: 1e6 });
    expect(second).toEqual({ enqueued: 0, moved: 1 });
    expect(await readdir(path.join(inbox, "Processed"))).toContain("crashed.eml");
    const rows =
      await db.sql`select 1 from order_intake.messages where message_id = '<crash-test@b.example>'`;
    expect(rows).toHaveLength(1);
  });
});
