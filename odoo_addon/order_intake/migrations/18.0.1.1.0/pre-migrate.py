# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.1.0 adds unique(order_intake_message_id) on sale.order and account.move.

Drafts doubled before it (the reason for the constraint) would keep it from being
created: every copy but the oldest gets its key suffixed with ``#dup-<id>``, so the
constraint holds and nothing is deleted (a person decides which copy to cancel).
"""
import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    for table in ("sale_order", "account_move"):
        cr.execute(
            """
            SELECT 1 FROM information_schema.columns
             WHERE table_name = %s AND column_name = 'order_intake_message_id'
            """,
            [table],
        )
        if not cr.fetchone():
            continue
        cr.execute(
            f"""
            UPDATE {table} t
               SET order_intake_message_id = t.order_intake_message_id || '#dup-' || t.id
              FROM (
                    SELECT id, row_number() OVER (
                               PARTITION BY order_intake_message_id ORDER BY id) AS n
                      FROM {table}
                     WHERE order_intake_message_id IS NOT NULL
                   ) d
             WHERE d.id = t.id AND d.n > 1
            """  # noqa: S608 (table names are the two constants above)
        )
        if cr.rowcount:
            _logger.warning(
                "order_intake: %s %s drafts shared a source Message-ID; their keys got a #dup-<id> suffix",
                cr.rowcount,
                table,
            )
