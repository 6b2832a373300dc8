import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtractionResult } from "../extract/types.ts";
import { flagReusedMessageId } from "../jobs/tasks/messageProcess.ts";
import { createLogger } from "../log/createLogger.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { scanFolder } from "./scanFolder.ts";

let db: TestDatabase;
let inbox: string;
let mailbox: { id: number; folderPath: string; processedFolder: string; failedFolder: string };
const log = createLogger({ level: "silent" });

beforeAll(async () => {
  db = await createTestDatabase();
  inbox = await mkdtemp(path.join(tmpdir(), "oi-dedupe-"));
  const [mb] = await db.sql<{ id: number }[]>`
    insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'o@x.example', ${inbox})
    returning id`;
  mailbox = { id: mb!.id, folderPath: inbox, processedFolder: "Processed", failedFolder: "Failed" };
});
afterAll(async () => {
  await db?.drop();
  if (inbox) await rm(inbox, { recursive: true, force: true });
});

const mail = (from: string, body: string) =>
  `From: ${from}\r\nMessage-ID: <po-7781@acme.example>\r\nSubject: PO 7781\r\n\r\n${body}\r\n`;
const rows = () =>
  db.sql<{ id: number; message_id: string; reused_message_id: string | null; source_path: string }[]>`
    select id::int as id, message_id, reused_message_id, source_path from order_intake.messages
    where mailbox_id = ${mailbox.id} order by id`;

describe("deduplication by Message-ID and content (P14 point 3)", () => {
  it("stores another mail under a known Message-ID as a new, flagged message; the same bytes are a redelivery", async () => {
    await writeFile(path.join(inbox, "a.eml"), mail("buyer@acme.example", "500 x BOX-1001"));
    expect(await scanFolder({ handle: db, log, mailbox, maxBytes: 1e6 })).toEqual({ enqueued: 1, moved: 0 });
    // a forger reuses the Message-ID with other bytes: it must not disappear
    await writeFile(path.join(inbox, "b.eml"), mail("attacker@evil.example", "cancel everything"));
    expect(await scanFolder({ handle: db, log, mailbox, maxBytes: 1e6 })).toEqual({ enqueued: 1, moved: 0 });
    const stored = await rows();
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({ message_id: "<po-7781@acme.example>", reused_message_id: null });
    expect(stored[1]!.reused_message_id).toBe("<po-7781@acme.example>");
    expect(stored[1]!.message_id).toMatch(/^<po-7781@acme\.example>~sha256:[0-9a-f]{32}$/);

    // the same bytes again (a redelivery) get no row and are moved once the first is final
    await db.sql`update order_intake.messages set status = 'processed' where mailbox_id = ${mailbox.id}`;
    await writeFile(path.join(inbox, "c.eml"), mail("buyer@acme.example", "500 x BOX-1001"));
    const third = await scanFolder({ handle: db, log, mailbox, maxBytes: 1e6 });
    expect(third.enqueued).toBe(0);
    expect(await rows()).toHaveLength(2);
    expect(await readdir(path.join(inbox, "Processed"))).toContain("c.eml");

    // the flagged one is read, with a hard reason, and never drafted at the auto threshold
    const result = { expect: "draft", reasons: [] } as unknown as ExtractionResult;
    flagReusedMessageId(result, "<po-7781@acme.example>");
    expect(result.expect).toBe("review");
    expect(result.reasons[0]).toMatchObject({ code: "message.id_reused", severity: "hard" });
  });
});

describe("the folder source (P14 point 9)", () => {
  it("checks the size before reading, and burns no ids on every poll", async () => {
    await writeFile(path.join(inbox, "big.eml"), Buffer.alloc(2048, 0x41));
    await writeFile(
      path.join(inbox, "waiting.eml"),
      "From: a@b.example\r\nMessage-ID: <waiting@b.example>\r\n\r\nx\r\n",
    );
    const first = await scanFolder({ handle: db, log, mailbox, maxBytes: 1024 });
    expect(first.enqueued).toBe(1);
    expect(await readdir(path.join(inbox, "Failed"))).toContain("big.eml");
    const [before] = await db.sql<{ last: number }[]>`
      select last_value::int as last from order_intake.messages_id_seq`;
    // the waiting file is seen on every poll while its job has not run yet
    for (let i = 0; i < 5; i++) await scanFolder({ handle: db, log, mailbox, maxBytes: 1024 });
    const [after] = await db.sql<{ last: number }[]>`
      select last_value::int as last from order_intake.messages_id_seq`;
    expect(after!.last).toBe(before!.last);
  });
});
