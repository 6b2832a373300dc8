# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import OrderIntakeCase


@tagged("post_install", "-at_install")
class TestIntakeLogFlow(OrderIntakeCase):
    """One entry per email, from its fetch to its outcome; the way to a draft; owners; review state."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["order.intake.log"].with_user(cls.bridge_user)
        cls.salesperson = cls.env["res.users"].create({"name": "Sally Sales", "login": "oi_sally"})
        cls.partner = cls.env["res.partner"].create({"name": "Owned Customer", "ref": "C-88"})
        cls.orphan = cls.env["res.partner"].create({"name": "Nobody's Customer", "ref": "C-89"})
        cls.partner.user_id = cls.salesperson
        cls.product = cls.env["product.product"].create({"name": "Gadget", "default_code": "G-1"})

    def _draft(self, key, partner, **vals):
        return self.env["sale.order"].with_user(self.bridge_user).order_intake_create_draft(
            {
                "partner_id": partner.id,
                "order_intake_message_id": key,
                "order_intake_review_state": "to_review",
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": 2}),
                    Command.create({"display_type": "line_note", "name": "[no product in Odoo] X-9 · thing · 4 Units @ 3"}),
                ],
                **vals,
            },
            [],
            "Order Intake extraction: to review",
            {"status": "to_review", "module": "sales", "message_id": key},
        )

    def test_the_entry_made_at_fetch_is_completed_by_the_draft(self):
        fetched = self.Log.create({"message_id": "<m1@x>", "status": "pending", "module": "sales"})
        self.env["ir.attachment"].create(
            {"name": "m1.eml", "datas": base64.b64encode(b"From: a@b\r\n\r\nhi"), "res_model": "order.intake.log", "res_id": fetched.id}
        )
        res = self._draft("<m1@x>", self.partner)
        self.assertEqual(res["log_id"], fetched.id)
        self.assertEqual(self.env["order.intake.log"].search_count([("message_id", "=", "<m1@x>")]), 1)
        self.assertEqual(fetched.status, "to_review")
        self.assertEqual(fetched.attachment_ids.mapped("name"), ["m1.eml"])
        # a failure or a duplicate created later for that email completes the pending entry as well
        pending = self.Log.create({"message_id": "<m2@x>", "status": "pending"})
        failed = self.Log.create({"message_id": "<m2@x>", "status": "failed", "error": "boom"})
        self.assertEqual(failed, pending)

    def test_owner_is_the_salesperson_else_the_configured_owner(self):
        self.env["ir.config_parameter"].sudo().set_param("order_intake.draft_user_id", self.intake_user.id)
        owned = self.env["sale.order"].browse(self._draft("<m3@x>", self.partner)["id"])
        self.assertEqual(owned.user_id, self.salesperson)
        orphan = self.env["sale.order"].browse(self._draft("<m4@x>", self.orphan)["id"])
        self.assertEqual(orphan.user_id, self.intake_user)
        uploaded = self.env["sale.order"].browse(
            self._draft("<m5@x>", self.partner, user_id=self.intake_manager.id)["id"]
        )
        self.assertEqual(uploaded.user_id, self.intake_manager)
        # the unknown line is a note line, kept with what the customer wrote
        self.assertIn("X-9", owned.order_line.filtered("display_type").name)

    def test_a_person_decides_also_an_automatic_draft(self):
        order = self.env["sale.order"].browse(
            self._draft("<m6@x>", self.partner, order_intake_review_state="automatic")["id"]
        )
        order.with_user(self.intake_user).action_confirm()
        self.assertEqual(order.order_intake_review_state, "approved")

    def test_make_draft_sends_the_chosen_customer_and_dismiss(self):
        log = self.Log.create({"message_id": "<m7@x>", "status": "to_review", "error": "No draft was made"})
        log = log.with_user(self.intake_user)
        with self.assertRaises(UserError):
            log.action_make_draft()
        log.partner_id = self.orphan
        log.action_make_draft()
        payload = self.payload(self.deliveries("intake.retry_requested")[-1])
        self.assertEqual(payload["partner_id"], self.orphan.id)
        self.assertEqual(payload["message_id"], "<m7@x>")
        log.action_dismiss()
        self.assertEqual(log.status, "ignored")
        done = self.env["order.intake.log"].browse(
            self._draft("<m8@x>", self.partner, order_intake_review_state="automatic")["log_id"]
        )
        done.status = "done"
        with self.assertRaises(UserError):
            done.with_user(self.intake_user).action_retry()

    def test_read_again_completes_a_draft_with_a_line_without_product(self):
        res = self._draft("<m9@x>", self.partner)
        order = self.env["sale.order"].browse(res["id"]).with_user(self.intake_user)
        log = self.env["order.intake.log"].browse(res["log_id"])
        # the note line of the product Odoo did not have is counted, and the way out is offered
        self.assertEqual(order.order_intake_products_missing, 1)
        before = len(self.deliveries("intake.retry_requested"))
        order.action_order_intake_read_again()
        sent = self.deliveries("intake.retry_requested")
        self.assertEqual(len(sent), before + 1)
        self.assertEqual(self.payload(sent[-1])["log_id"], log.id)
        self.assertTrue(log.retry_requested_at)
        # once the order is confirmed it is no longer completed by the bridge
        order.action_confirm()
        self.assertEqual(order.order_intake_products_missing, 0)
        with self.assertRaises(UserError):
            log.with_user(self.intake_user).action_retry()
