import type { Sql } from "postgres";

/**
 * The Slack channel for a draft's approval: the one Odoo's settings name for the draft's module
 * (mirrored by `settings.updated`, for the mailbox's database and company, else the latest settings),
 * else `fallback` (SLACK_CHANNEL); undefined when neither says.
 */
export async function slackChannelFor(
  sql: Sql,
  draftId: number,
  fallback: string | undefined,
): Promise<string | undefined> {
  const [row] = await sql<{ channel: string | null }[]>`
    select (
      select s.values -> 'modules' -> dc.module ->> 'slack_channel'
      from order_intake.settings s
      order by (s.odoo_database is not distinct from mb.odoo_database and s.company_id is not distinct from mb.company_id) desc,
               s.updated_at desc
      limit 1
    ) as channel
    from order_intake.drafts d
    join order_intake.messages m on m.id = d.message_id
    join order_intake.mailboxes mb on mb.id = m.mailbox_id
    join order_intake.decisions dc on dc.message_id = m.id
    where d.id = ${draftId}`;
  const channel = row?.channel?.trim();
  return channel ? channel : fallback;
}
