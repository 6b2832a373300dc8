# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import OrderIntakeCase


@tagged("post_install", "-at_install")
class TestLogAlias(OrderIntakeCase):
    def test_log_written_by_bridge_and_retry(self):
        Log = self.env["order.intake.log"].with_user(self.bridge_user)
        order = self.env["sale.order"].create(
            {"partner_id": self.env["res.partner"].create({"name": "C"}).id}
        )
        first = Log.create(
            {
                "sender": "buyer@acme.test",
                "subject": "PO 1",
                "received_at": "2026-11-21 09:00:00",
                "module": "sales",
                "status": "done",
                "confidence": 0.97,
                "reasons": json.dumps([{"code": "known_sender", "message": "Known sender", "weight": 0.1}]),
                "res_model": "sale.order",
                "res_id": order.id,
                "message_id": "<1@acme.test>",
                "attachment_count": 1,
            }
        )
        self.assertEqual(first.draft_ref, order)
        self.assertIn("Known sender", str(first.reasons_html))
        failed = Log.create(
            {
                "sender": "buyer@acme.test",
                "subject": "PO 1 again",
                "status": "failed",
                "error": "No line could be read",
                "message_id": "<2@acme.test>",
                "duplicate_of_id": first.id,
            }
        )
        with self.assertRaises(UserError):
            first.with_user(self.intake_user).action_retry()
        failed.with_user(self.intake_user).action_retry()
        data = self.payload(self.deliveries("intake.retry_requested")[-1])
        self.assertEqual((data["log_id"], data["message_id"]), (failed.id, "<2@acme.test>"))
        self.assertTrue(failed.retry_requested_at)
        # plain text reasons are rendered too
        failed.sudo().reasons = "line one\nline two"
        self.assertIn("<li>line two</li>", str(failed.reasons_html))

    def test_alias_unique_per_partner(self):
        partner = self.env["res.partner"].create({"name": "ACME"})
        product = self.env["product.product"].create({"name": "P"})
        Alias = self.env["order.intake.product.alias"].with_user(self.intake_user)
        alias = Alias.create({"partner_id": partner.id, "key": "  AC-001   blue ", "product_id": product.id})
        self.assertEqual(alias.key, "AC-001 blue")
        self.env["order.intake.product.alias"].with_user(self.bridge_user).create(
            {"partner_id": self.env["res.partner"].create({"name": "Other"}).id, "key": "AC-001 blue", "product_id": product.id}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Alias.create({"partner_id": partner.id, "key": "AC-001 blue", "product_id": product.id})

    def test_import_from_document(self):
        attachment = self.env["ir.attachment"].with_user(self.intake_user).create(
            {"name": "po-4711.pdf", "raw": b"%PDF-1.4 test", "res_model": "order.intake.upload.wizard"}
        )
        wizard = self.env["order.intake.upload.wizard"].with_user(self.intake_user).create(
            {"module": "sales", "attachment_ids": [(6, 0, attachment.ids)]}
        )
        action = wizard.action_send()
        log = self.env["order.intake.log"].browse(action["res_id"])
        self.assertEqual((log.status, log.attachment_count), ("pending", 1))
        data = self.payload(self.deliveries("document.uploaded")[-1])
        self.assertEqual(data["attachment_ids"], attachment.ids)
        self.assertEqual(data["log_id"], log.id)
        # the bridge's user can read the file through the log entry
        self.assertEqual(
            self.env["ir.attachment"].with_user(self.bridge_user).browse(attachment.id).raw,
            b"%PDF-1.4 test",
        )
