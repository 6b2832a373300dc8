# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import OrderIntakeCase

EML = base64.b64encode(b"From: buyer@acme.test\r\nSubject: PO 77\r\n\r\nplease deliver").decode()
PDF = base64.b64encode(b"%PDF-1.4 fake order").decode()


@tagged("post_install", "-at_install")
class TestCreateDraft(OrderIntakeCase):
    """order_intake_create_draft: the bridge's one-call, idempotent write-back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "ACME Retail", "ref": "C-77"})
        cls.product = cls.env["product.product"].create(
            {"name": "Blue widget", "default_code": "W-BLUE", "list_price": 12.5}
        )

    def _vals(self, key):
        return {
            "partner_id": self.partner.id,
            "client_order_ref": "PO 77",
            "order_intake_message_id": key,
            "order_intake_confidence": 0.91,
            "order_intake_review_state": "to_review",
            "order_line": [
                Command.create({"product_id": self.product.id, "product_uom_qty": 3, "price_unit": 12.0})
            ],
        }

    def _call(self, key, **kw):
        SaleOrder = self.env["sale.order"].with_user(self.bridge_user)
        return SaleOrder.order_intake_create_draft(
            self._vals(key),
            kw.get("attachments", [{"name": "po-77.eml", "datas": EML}, {"name": "po-77.pdf", "datas": PDF}]),
            kw.get("note", "Order Intake extraction: to review, confidence 91 %"),
            kw.get("log_vals", {"sender": "buyer@acme.test", "subject": "PO 77", "status": "to_review", "module": "sales"}),
        )

    def _attachments(self, order):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )

    def _notes(self, order):
        return order.message_ids.filtered(lambda m: "Order Intake extraction" in (m.body or ""))

    def test_one_call_writes_order_files_note_and_log(self):
        res = self._call("<po-77@acme.test>")
        self.assertTrue(res["created"])
        order = self.env["sale.order"].browse(res["id"])
        self.assertEqual(res["name"], order.name)
        self.assertEqual(order.partner_id, self.partner)
        self.assertEqual(order.order_line.product_uom_qty, 3)
        self.assertEqual(order.state, "draft")
        self.assertEqual(sorted(self._attachments(order).mapped("name")), ["po-77.eml", "po-77.pdf"])
        self.assertEqual(sorted(res["attachment_ids"]), sorted(self._attachments(order).ids))
        note = self._notes(order)
        self.assertEqual(len(note), 1)
        self.assertEqual(sorted(note.attachment_ids.ids), sorted(res["attachment_ids"]))
        log = self.env["order.intake.log"].browse(res["log_id"])
        self.assertEqual(order.order_intake_log_id, log)
        self.assertEqual((log.res_model, log.res_id), ("sale.order", order.id))
        self.assertEqual(log.status, "to_review")
        # the bridge's own write: no draft.reviewed webhook
        self.assertFalse(self.deliveries("draft.reviewed"))

    def test_chatter_holds_the_bridge_note_not_odoo_creation_noise(self):
        # as on a real server (the test class disables tracking): the bridge's note replaces
        # Odoo's "created" message; the bridge does not follow; the salesperson still does
        SaleOrder = self.env["sale.order"].with_user(self.bridge_user).with_context(tracking_disable=False)
        vals = dict(self._vals("<po-80@acme.test>"), user_id=self.intake_user.id)
        res = SaleOrder.order_intake_create_draft(
            vals, [{"name": "po-80.eml", "datas": EML}], "Order Intake extraction: draft", None
        )
        order = self.env["sale.order"].browse(res["id"])
        self.assertEqual(order.message_ids, self._notes(order))
        self.assertEqual(order.message_ids.attachment_ids, self._attachments(order))
        followers = order.message_follower_ids.partner_id
        self.assertIn(self.intake_user.partner_id, followers)
        self.assertNotIn(self.bridge_user.partner_id, followers)

    def test_called_again_creates_nothing_twice(self):
        first = self._call("<po-78@acme.test>")
        again = self._call("<po-78@acme.test>")
        self.assertFalse(again["created"])
        self.assertEqual((again["id"], again["log_id"]), (first["id"], first["log_id"]))
        order = self.env["sale.order"].browse(first["id"])
        self.assertEqual(
            self.env["sale.order"].search_count([("order_intake_message_id", "=", "<po-78@acme.test>")]), 1
        )
        self.assertEqual(len(self._attachments(order)), 2)
        self.assertEqual(len(self._notes(order)), 1)
        self.assertEqual(
            self.env["order.intake.log"].search_count(
                [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
            ),
            1,
        )

    def test_completes_a_draft_written_by_plain_calls(self):
        # a bridge without this method (or killed half-way) left a bare order
        order = (
            self.env["sale.order"]
            .with_user(self.bridge_user)
            .with_context(order_intake_bridge=True)
            .create(self._vals("<po-79@acme.test>"))
        )
        self.env["ir.attachment"].create(
            {"name": "po-77.eml", "datas": EML, "res_model": "sale.order", "res_id": order.id}
        )
        res = self._call("<po-79@acme.test>")
        self.assertFalse(res["created"])
        self.assertEqual(res["id"], order.id)
        self.assertEqual(sorted(self._attachments(order).mapped("name")), ["po-77.eml", "po-77.pdf"])
        self.assertEqual(len(self._notes(order)), 1)
        self.assertEqual(order.order_intake_log_id.id, res["log_id"])

    def test_retry_reuses_the_failed_log_entry(self):
        failed = self.env["order.intake.log"].create(
            {"status": "failed", "error": "line.unknown_product: no product X", "message_id": "<po-82@acme.test>"}
        )
        res = self._call(
            "<po-82@acme.test>",
            log_vals={"status": "to_review", "module": "sales", "reuse_log_id": failed.id},
        )
        self.assertEqual(res["log_id"], failed.id)
        self.assertEqual(failed.status, "to_review")
        self.assertFalse(failed.error)
        self.assertEqual((failed.res_model, failed.res_id), ("sale.order", res["id"]))

    def test_key_is_required_and_files_are_checked(self):
        SaleOrder = self.env["sale.order"].with_user(self.bridge_user)
        vals = self._vals(False)
        with self.assertRaises(Exception):
            SaleOrder.order_intake_create_draft(vals, [], None, None)
        with self.assertRaises(Exception):
            self._call("<po-80@acme.test>", attachments=[{"name": "x.pdf", "datas": "not base64!"}])

    def test_message_id_is_unique_on_orders_and_bills(self):
        SaleOrder = self.env["sale.order"].with_context(order_intake_bridge=True)
        SaleOrder.create(self._vals("<po-81@acme.test>"))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            SaleOrder.create(self._vals("<po-81@acme.test>"))
        # drafts without a key (made by people) are not compared
        SaleOrder.create(dict(self._vals(False)))
        SaleOrder.create(dict(self._vals(False)))
        Move = self.env["account.move"].with_context(order_intake_bridge=True)
        bill = {
            "move_type": "in_invoice",
            "partner_id": self.partner.id,
            "order_intake_message_id": "<bill-81@acme.test>",
        }
        Move.create(bill)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Move.create(bill)
