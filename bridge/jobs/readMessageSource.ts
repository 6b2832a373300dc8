import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Sql, TransactionSql } from "postgres";

/**
 * The raw bytes of a stored message, wherever it came from: the spool in the bridge database (IMAP
 * and uploads keep them there until every job that needs them is done), else the file of a local
 * folder source (message_process may have moved it to Processed/ or Failed/). Null when none is left.
 */
export async function readMessageSource(
  sql: Sql | TransactionSql,
  messageRowId: number,
): Promise<Buffer | null> {
  const [row] = await sql<{ raw: Buffer | null; source_path: string | null }[]>`
    select s.raw, m.source_path from order_intake.messages m
    left join order_intake.message_spool s on s.message_id = m.id
    where m.id = ${messageRowId}`;
  if (!row) return null;
  if (row.raw) return Buffer.from(row.raw);
  if (!row.source_path) return null;
  const dir = path.dirname(row.source_path);
  const name = path.basename(row.source_path);
  for (const candidate of [
    row.source_path,
    path.join(dir, "Processed", name),
    path.join(dir, "Failed", name),
  ]) {
    try {
      return await readFile(candidate);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return null;
}
