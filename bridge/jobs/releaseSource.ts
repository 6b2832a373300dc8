import type { Sql, TransactionSql } from "postgres";

/**
 * Releases a message's source bytes (message_spool) once every job that needs them is done: its
 * processing is final, its intake log entry in Odoo has its final state (and files), and its drafts
 * are all written. An email that became no draft (to review, failed) keeps them: Retry in Odoo reads
 * it again. So does a draft with lines Odoo had no product for, until they are completed by a Retry
 * or the draft is decided (confirmed or cancelled). Without Odoo (`odooConfigured` false) a final
 * message releases them at once.
 * Returns whether bytes were released.
 */
export async function releaseSource(
  sql: Sql | TransactionSql,
  messageRowId: number,
  options: { odooConfigured: boolean },
): Promise<boolean> {
  const rows = await sql`
    delete from order_intake.message_spool s
    using order_intake.messages m
    where s.message_id = m.id and m.id = ${messageRowId}
      and m.status in ('processed', 'ignored', 'duplicate')
      and (not ${options.odooConfigured}::boolean or (
        m.odoo_log_status is not null and m.odoo_log_status <> 'pending'
        and not exists (select 1 from order_intake.drafts x
                        where x.message_id = m.id
                          and (x.state in ('pending', 'failed') or (x.state = 'created' and x.missing_products > 0)))
        and (m.odoo_log_status in ('ignored', 'duplicate')
             or exists (select 1 from order_intake.drafts x where x.message_id = m.id and x.state <> 'failed'))))
    returning s.message_id`;
  if (rows.length === 0) return false;
  await sql`update order_intake.messages set source_released_at = now() where id = ${messageRowId}`;
  return true;
}

/** After a draft is decided (confirmed or cancelled): its email's source is released if nothing else needs it. */
export async function releaseSourceOfDraft(sql: Sql | TransactionSql, draftId: number): Promise<boolean> {
  const [draft] = await sql<{ message_id: number }[]>`
    select message_id::int as message_id from order_intake.drafts where id = ${draftId}`;
  return draft ? releaseSource(sql, draft.message_id, { odooConfigured: true }) : false;
}
