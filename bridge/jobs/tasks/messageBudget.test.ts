import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExtractor } from "../../extract/createExtractor.ts";
import { createMemorySeenStore } from "../../extract/match/seenStore.ts";
import { smallCatalog } from "../../extract/mime/__fixtures__/smallCatalog.ts";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import type { ExtractorFactory } from "../../pipeline/createExtractorFactory.ts";
import { createOdooStandIn, type OdooStandIn } from "../../test/odooStandIn/createOdooStandIn.ts";
import { memoryLogger } from "../../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import { classifyError } from "../classifyError.ts";
import type { TaskContext } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";
import { createMessageProcessTask } from "./messageProcess.ts";
import { createOdooIntakeLogTask } from "./odooIntakeLog.ts";

const ctx = (attempt = 1): TaskContext => ({
  log: memoryLogger("silent").logger,
  jobId: "1",
  attempt,
  maxAttempts: 10,
  abortSignal: new AbortController().signal,
});

let db: TestDatabase;
let dir: string;
let mailboxId: number;
let standIn: OdooStandIn;
let client: OdooClient;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "oi-budget-"));
  const [mb] = await db.sql<{ id: number }[]>`
    insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'o@x.example', ${dir})
    returning id`;
  mailboxId = mb!.id;
  standIn = await createOdooStandIn();
  client = await createOdooClient(
    { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
    { timeoutMs: 5000, attempts: 2, backoffMs: 50 },
  );
});
afterAll(async () => {
  client?.close();
  await standIn?.close();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function storeMessage(raw: Buffer | string): Promise<number> {
  const file = path.join(dir, `m${++n}.eml`);
  await writeFile(file, raw);
  const [m] = await db.sql<{ id: number }[]>`
    insert into order_intake.messages (mailbox_id, message_id, source_path, raw_sha256, raw_size)
    values (${mailboxId}, ${`<m${n}@x>`}, ${file}, ${`sha${n}`}, 1) returning id::int as id`;
  return m!.id;
}

const realExtractor: ExtractorFactory = () =>
  createExtractor({ catalog: smallCatalog, seen: createMemorySeenStore() });
const throwing =
  (err: unknown): ExtractorFactory =>
  () =>
    ({
      extract: async () => {
        throw err;
      },
    }) as unknown as ReturnType<ExtractorFactory>;

const messageRow = async (id: number) =>
  (
    await db.sql<{ status: string; error: string | null; read_started_at: Date | null }[]>`
      select status, error, read_started_at from order_intake.messages where id = ${id}`
  )[0]!;

function manyParts(count: number): string {
  const parts = Array.from(
    { length: count },
    (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`,
  ).join("");
  return `From: buyer@acme.example\r\nSubject: parts\r\nMessage-ID: <parts@x>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`;
}

describe("permanent parse and budget failures (P14 point 5)", () => {
  it.each([
    ["5,000 MIME parts", () => manyParts(5000), /more than 500 MIME parts/],
    [
      "a 10 MB header",
      () =>
        `From: buyer@acme.example\r\nX-Filler: ${"a".repeat(10 * 1024 * 1024)}\r\nSubject: big\r\n\r\nhello\r\n`,
      /header is \d+ KB, over the limit/,
    ],
  ])("%s: failed at the first attempt with its reason, not retried", async (_name, make, words) => {
    const id = await storeMessage(make());
    const task = createMessageProcessTask({ handle: db, extractorFor: realExtractor, odooConfigured: true });
    const run = task.handler({ messageId: id }, ctx(1));
    // a PermanentJobError: the task wrapper completes the job instead of retrying it
    await expect(run).rejects.toBeInstanceOf(PermanentJobError);
    const row = await messageRow(id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(words);
    expect(row.read_started_at).toBeNull();
    // ... and its reason reaches Odoo's intake log (the email's one entry, P12)
    const jobs = await db.sql<{ payload: { messageId: number } }[]>`
      select j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'odoo_intake_log'`;
    expect(jobs.map((j) => j.payload.messageId)).toContain(id);
    await createOdooIntakeLogTask({ handle: db, odoo: async () => client }).handler({ messageId: id }, ctx());
    const logs = standIn.records("order.intake.log").filter((l) => l.status === "failed");
    expect(logs.some((l) => String(l.error).match(words))).toBe(true);
  });

  it("a parser error is permanent at once; only input/output is retried", async () => {
    const parser = await storeMessage("From: a@b.example\r\n\r\nx\r\n");
    const task = createMessageProcessTask({
      handle: db,
      extractorFor: throwing(new TypeError("Cannot read properties of undefined (reading 'x')")),
    });
    await expect(task.handler({ messageId: parser }, ctx(1))).rejects.toBeInstanceOf(PermanentJobError);
    expect((await messageRow(parser)).status).toBe("failed");

    const io = await storeMessage("From: a@b.example\r\n\r\ny\r\n");
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const ioTask = createMessageProcessTask({ handle: db, extractorFor: throwing(reset) });
    await expect(ioTask.handler({ messageId: io }, ctx(1))).rejects.toBe(reset);
    const row = await messageRow(io);
    expect(row.status).toBe("processing");
    expect(row.read_started_at).toBeNull();
    expect(classifyError(new TypeError("fetch failed", { cause: reset }))).toBe("io");
    expect(classifyError(new RangeError("Invalid array length"))).toBe("permanent");
  });

  it("a message whose reading stopped the process twice is failed for good, not read a third time", async () => {
    const id = await storeMessage("From: a@b.example\r\n\r\nz\r\n");
    let reads = 0;
    const hanging: ExtractorFactory = () =>
      ({
        extract: async () => {
          reads++;
          throw new Error("never reached");
        },
      }) as unknown as ReturnType<ExtractorFactory>;
    const task = createMessageProcessTask({ handle: db, extractorFor: hanging });
    // two attempts that died in the middle of reading (the process was killed): started, never ended
    for (let i = 0; i < 2; i++) {
      await db.sql`update order_intake.messages set status = 'processing', read_started_at = now() where id = ${id}`;
    }
    await db.sql`update order_intake.messages set read_interruptions = 1 where id = ${id}`;
    await expect(task.handler({ messageId: id }, ctx(3))).rejects.toMatchObject({
      code: "message.read_interrupted",
    });
    expect(reads).toBe(0);
    const row = await messageRow(id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/interrupted 2 times/);
  });
});
