# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every unique key of the addon exists in the database and holds, on every series.

Odoo 19 ignores the SQL constraint list of 17/18 (it only logs a warning): the keys
are declared through compat.unique_keys, as model constraints there. Without them a retried
bridge call could write a second draft for the same email.
"""
import importlib.util
from pathlib import Path

from psycopg2 import IntegrityError

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

#: (table, constraint name, columns): the name is <table>_<key> on every series
UNIQUE_KEYS = [
    ("sale_order", "sale_order_order_intake_message_id_unique", ["order_intake_message_id"]),
    ("account_move", "account_move_order_intake_message_id_unique", ["order_intake_message_id"]),
    ("order_intake_mailbox", "order_intake_mailbox_email_company_unique", ["email", "company_id"]),
    ("order_intake_product_alias", "order_intake_product_alias_partner_key_unique", ["partner_id", "key"]),
    ("order_intake_report", "order_intake_report_bridge_run_unique", ["company_id", "bridge_run_id"]),
    ("order_intake_webhook_delivery", "order_intake_webhook_delivery_delivery_unique", ["delivery"]),
]


@tagged("post_install", "-at_install")
class TestUniqueKeys(TransactionCase):
    def test_every_unique_key_is_a_database_constraint(self):
        for table, name, columns in UNIQUE_KEYS:
            self.env.cr.execute(
                """
                SELECT c.contype, array_agg(a.attname ORDER BY a.attname)
                  FROM pg_constraint c
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
                 WHERE c.conrelid = %s::regclass AND c.conname = %s
                 GROUP BY c.contype
                """,
                [table, name],
            )
            row = self.env.cr.fetchone()
            self.assertTrue(row, f"{name} is missing on {table}")
            self.assertEqual((row[0], sorted(row[1])), ("u", sorted(columns)), name)

    def test_a_violated_key_raises(self):
        partner = self.env["res.partner"].create({"name": "Unique keys"})
        Order = self.env["sale.order"].with_context(order_intake_bridge=True)
        vals = {"partner_id": partner.id, "order_intake_message_id": "<unique-1@acme.test>"}
        Order.create(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Order.create(vals)
        Mailbox = self.env["order.intake.mailbox"]
        box = {"name": "Orders", "email": "orders@unique.test", "module": "sales"}
        Mailbox.create(box)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Mailbox.create(dict(box, name="Orders again"))

    def test_migration_suffixes_duplicates_before_the_key_is_added(self):
        """A database where the key was missing (19 before this version) may hold doubled
        drafts: the pre-migration renames all copies but the oldest, then the key holds."""
        cr = self.env.cr
        scripts = sorted(Path(__file__).resolve().parent.parent.glob("migrations/*/pre-migrate.py"))
        self.assertTrue(scripts)
        spec = importlib.util.spec_from_file_location("order_intake_pre_migrate", scripts[-1])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        partner = self.env["res.partner"].create({"name": "Doubled"})
        cr.execute("ALTER TABLE sale_order DROP CONSTRAINT sale_order_order_intake_message_id_unique")
        orders = self.env["sale.order"].create(
            [{"partner_id": partner.id, "order_intake_message_id": "<twice@acme.test>"} for _i in range(3)]
        )
        with mute_logger("odoo.addons.order_intake_pre_migrate", "order_intake_pre_migrate"):
            module.migrate(cr, "18.0.1.0.0")
        orders.invalidate_recordset()
        self.assertEqual(
            orders.mapped("order_intake_message_id"),
            ["<twice@acme.test>"] + [f"<twice@acme.test>#dup-{o.id}" for o in orders[1:]],
        )
        cr.execute(
            "ALTER TABLE sale_order ADD CONSTRAINT sale_order_order_intake_message_id_unique"
            " UNIQUE (order_intake_message_id)"
        )
