# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..compat import GROUPS_FIELD
from .common import OrderIntakeCase


@tagged("post_install", "-at_install")
class TestDraftReview(OrderIntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "ACME Retail"})
        cls.product = cls.env["product.product"].create(
            {"name": "Blue widget", "default_code": "W-BLUE", "list_price": 12.5}
        )
        cls.product2 = cls.env["product.product"].create(
            {"name": "Red widget", "default_code": "W-RED", "list_price": 7.0}
        )
        cls.log = cls.env["order.intake.log"].create(
            {"sender": "buyer@acme.test", "subject": "PO 4711", "status": "to_review"}
        )

    def _bridge_draft(self):
        """What the bridge does: one create with all lines, as the bridge user."""
        order = (
            self.env["sale.order"]
            .with_user(self.bridge_user)
            .with_context(order_intake_bridge=True)
            .create(
                {
                    "partner_id": self.partner.id,
                    "user_id": self.intake_user.id,
                    "order_intake_log_id": self.log.id,
                    "order_intake_confidence": 0.82,
                    "order_intake_review_state": "to_review",
                    "order_intake_reasons": json.dumps(
                        ["Unknown part number X-9 matched by description", "Totals add up"]
                    ),
                    "order_intake_message_id": "<po-4711@acme.test>",
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 3, "price_unit": 12.5}
                        ),
                        Command.create(
                            {"product_id": self.product2.id, "product_uom_qty": 1, "price_unit": 7.0}
                        ),
                    ],
                }
            )
        )
        # later calls come without the bridge's context (each RPC has its own)
        return self.env["sale.order"].browse(order.id)

    def test_bridge_writes_do_not_fire(self):
        order = self._bridge_draft()
        order.with_user(self.bridge_user).write(
            {"order_line": [Command.update(order.order_line[0].id, {"product_uom_qty": 4})]}
        )
        order.with_user(self.bridge_user).action_confirm()
        self.assertFalse(self.deliveries("draft.reviewed"))
        self.assertEqual(order.order_intake_review_state, "to_review")
        # the idempotency key is searchable by the bridge
        found = self.env["sale.order"].with_user(self.bridge_user).search(
            [("order_intake_message_id", "=", "<po-4711@acme.test>")]
        )
        self.assertEqual(found, order)

    def test_confirm_sends_draft_reviewed(self):
        order = self._bridge_draft()
        self.assertFalse(self.deliveries("draft.reviewed"))
        order.with_user(self.intake_user).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_intake_review_state, "approved")
        deliveries = self.deliveries("draft.reviewed")
        self.assertEqual(len(deliveries), 1)
        data = self.payload(deliveries)
        self.assertEqual(data["decision"], "confirmed")
        self.assertEqual(data["model"], "sale.order")
        self.assertEqual(data["res_id"], order.id)
        self.assertEqual(data["message_id"], "<po-4711@acme.test>")
        self.assertEqual(data["intake_log_id"], self.log.id)
        self.assertEqual(data["user"]["login"], "oi_user")
        self.assertEqual(
            [(l["default_code"], l["product_id"], l["qty"], l["price"]) for l in data["lines"]],
            [("W-BLUE", self.product.id, 3.0, 12.5), ("W-RED", self.product2.id, 1.0, 7.0)],
        )
        self.assertEqual(data["lines"][0]["uom"], self.product.uom_id.name)
        self.assertTrue(data["lines"][0]["name"])

    def test_edit_lines_sends_edited_once(self):
        order = self._bridge_draft()
        line = order.order_line.filtered(lambda l: l.product_id == self.product)
        order.with_user(self.intake_user).write(
            {"order_line": [Command.update(line.id, {"product_uom_qty": 5, "price_unit": 11.0})]}
        )
        deliveries = self.deliveries("draft.reviewed")
        self.assertEqual(len(deliveries), 1, "one event per save, not one per line")
        data = self.payload(deliveries)
        self.assertEqual(data["decision"], "edited")
        self.assertEqual(data["review_state"], "to_review")
        self.assertIn(("W-BLUE", 5.0, 11.0), [(l["default_code"], l["qty"], l["price"]) for l in data["lines"]])
        # a direct edit of a line (e.g. over RPC) is seen too
        line.with_user(self.intake_user).write({"product_uom_qty": 6})
        self.assertEqual(len(self.deliveries("draft.reviewed")), 2)
        # removing a line
        order.with_user(self.intake_user).write(
            {"order_line": [Command.delete(order.order_line.filtered(lambda l: l.product_id == self.product2).id)]}
        )
        last = self.payload(self.deliveries("draft.reviewed")[-1])
        self.assertEqual([l["default_code"] for l in last["lines"]], ["W-BLUE"])
        # a change that is not about lines does not fire
        order.with_user(self.intake_user).write({"client_order_ref": "PO 4711"})
        self.assertEqual(len(self.deliveries("draft.reviewed")), 3)

    def test_cancel_sends_cancelled(self):
        order = self._bridge_draft()
        order.with_user(self.intake_user)._action_cancel()
        data = self.payload(self.deliveries("draft.reviewed")[-1])
        self.assertEqual(data["decision"], "cancelled")
        self.assertEqual(order.order_intake_review_state, "rejected")

    def test_regular_order_does_not_fire(self):
        order = self.env["sale.order"].with_user(self.intake_user).create(
            {
                "partner_id": self.partner.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.write({"order_line": [Command.update(order.order_line.id, {"product_uom_qty": 2})]})
        order.action_confirm()
        self.assertFalse(self.deliveries("draft.reviewed"))

    def test_reasons_rendered(self):
        order = self._bridge_draft()
        self.assertIn("<li>Totals add up</li>", str(order.order_intake_reasons_html))


@tagged("post_install", "-at_install")
class TestVendorBillReview(AccountTestInvoicingCommon):
    """account.move carries the mixin too (needs a chart of accounts)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reviewer = cls.env["res.users"].create(
            {
                "name": "Bill reviewer",
                "login": "oi_bill_reviewer",
                "company_id": cls.env.company.id,
                "company_ids": [Command.set(cls.env.company.ids)],
                GROUPS_FIELD: [
                    Command.set(
                        [
                            cls.env.ref("base.group_user").id,
                            cls.env.ref("account.group_account_invoice").id,
                            cls.env.ref("order_intake.group_order_intake_user").id,
                        ]
                    )
                ],
            }
        )

    def test_vendor_bill_post_and_edit(self):
        Delivery = self.env["order.intake.webhook.delivery"].sudo()
        bill = (
            self.env["account.move"]
            .with_context(order_intake_bridge=True)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.partner_a.id,
                    "invoice_date": "2026-11-20",
                    "order_intake_review_state": "to_review",
                    "order_intake_message_id": "<bill-1@acme.test>",
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": self.product_a.id, "quantity": 2, "price_unit": 10}
                        )
                    ],
                }
            )
        )
        bill = self.env["account.move"].browse(bill.id)
        self.assertFalse(Delivery.search([("event", "=", "draft.reviewed")]))
        line = bill.invoice_line_ids
        bill.with_user(self.reviewer).write(
            {"invoice_line_ids": [Command.update(line.id, {"quantity": 3})]}
        )
        edited = Delivery.search([("event", "=", "draft.reviewed")])
        self.assertEqual(len(edited), 1)
        self.assertEqual(json.loads(edited.payload)["decision"], "edited")
        bill.with_user(self.reviewer).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.order_intake_review_state, "approved")
        last = Delivery.search([("event", "=", "draft.reviewed")], order="id desc", limit=1)
        data = json.loads(last.payload)
        self.assertEqual((data["model"], data["decision"]), ("account.move", "confirmed"))
        self.assertEqual(data["lines"][0]["default_code"], self.product_a.default_code or None)
        self.assertEqual(data["lines"][0]["qty"], 3.0)
