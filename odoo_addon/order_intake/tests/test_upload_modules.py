# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.order_intake_log import OrderIntakeLog
from .common import OrderIntakeCase


@tagged("post_install", "-at_install")
class TestUploadAndModules(OrderIntakeCase):
    def _upload(self, module="sales", user=None):
        user = user or self.intake_user
        attachment = self.env["ir.attachment"].with_user(user).create(
            {"name": "doc.pdf", "raw": b"%PDF-1.4 test", "res_model": "order.intake.upload.wizard"}
        )
        wizard = (
            self.env["order.intake.upload.wizard"]
            .with_user(user)
            .with_context(default_module=module)
            .create({"attachment_ids": [(6, 0, attachment.ids)]})
        )
        action = wizard.action_send()
        return self.env["order.intake.log"].browse(action["res_id"]), attachment

    def test_upload_from_invoicing_sends_ids_not_bytes(self):
        log, attachment = self._upload("invoicing")
        self.assertEqual((log.module, log.status), ("invoicing", "pending"))
        self.assertEqual(log.uploaded_by_id, self.intake_user)
        self.assertEqual(
            log.message_id, f"<order-intake-upload-{log.id}@{self.env.cr.dbname}>"
        )
        delivery = self.deliveries("document.uploaded")[-1]
        data = self.payload(delivery)
        self.assertEqual((data["module"], data["attachment_ids"]), ("invoicing", attachment.ids))
        self.assertNotIn("JVBER", delivery.payload)  # no base64 PDF in the event

    def test_bridge_entry_completes_the_pending_upload_entry_and_notifies(self):
        log, _attachment = self._upload("invoicing")
        move = self.env["account.move"].create({"move_type": "in_invoice"})
        before = self.env["order.intake.log"].search_count([])
        Bus = self.env["bus.bus"].sudo()
        self.env.cr.precommit.run()
        bus_before = Bus.search_count([("message", "ilike", "simple_notification")])
        made = (
            self.env["order.intake.log"]
            .with_user(self.bridge_user)
            .create(
                {
                    "message_id": log.message_id,
                    "module": "invoicing",
                    "status": "to_review",
                    "res_model": "account.move",
                    "res_id": move.id,
                    "reasons": json.dumps([{"code": "bill.po_matched", "message": "matched"}]),
                }
            )
        )
        self.assertEqual(made.id, log.id)
        self.assertEqual(self.env["order.intake.log"].search_count([]), before)
        self.assertEqual((log.status, log.draft_ref), ("to_review", move))
        self.env.cr.precommit.run()  # bus messages are written when the transaction commits
        sent = Bus.search([("message", "ilike", "simple_notification")], order="id desc")
        self.assertEqual(len(sent), bus_before + 1)
        self.assertIn("to review", sent[0].message.lower())
        self.assertIn(str(self.intake_user.partner_id.id), sent[0].channel)
        # an entry for any other message is a new entry
        other = self.env["order.intake.log"].with_user(self.bridge_user).create(
            {"message_id": "<x@example>", "status": "done", "module": "sales"}
        )
        self.assertNotEqual(other.id, log.id)

    def test_upload_refused_when_the_module_app_is_missing(self):
        with patch.object(OrderIntakeLog, "_module_app_installed", return_value=False):
            with self.assertRaisesRegex(UserError, r"Expenses app \(hr_expense\) is not installed"):
                self._upload("hr")

    def test_settings_toggle_explains_a_missing_app(self):
        self.env["ir.config_parameter"].sudo().set_param("order_intake.enable_inventory", False)
        with patch.object(OrderIntakeLog, "_module_app_installed", return_value=False):
            settings = self.env["res.config.settings"].create({"order_intake_enable_inventory": True})
            self.assertFalse(settings.order_intake_app_installed_inventory)
            with self.assertRaisesRegex(ValidationError, r"Inventory app \(stock\)"):
                settings.execute()
        view = self.env.ref("order_intake.res_config_settings_view_form").arch
        self.assertIn("needs the Inventory app (stock), which is not installed", view)

    def test_every_module_has_its_log_filter_and_action(self):
        arch = self.env.ref("order_intake.order_intake_log_view_search").arch
        for key in ("sales", "purchase", "invoicing", "inventory", "hr"):
            self.assertIn(f'name="module_{key}"', arch)
        for key in ("sales", "purchase", "invoicing", "inventory", "hr"):
            action = self.env.ref(f"order_intake.order_intake_log_action_{key}")
            self.assertIn(f"search_default_module_{key}", action.context)

    def test_missing_required_fields_are_listed_with_reasons(self):
        partner = self.env["res.partner"].create({"name": "Vendor"})
        move = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": partner.id,
                "order_intake_review_state": "to_review",
                "order_intake_reasons": json.dumps(
                    [{"code": "bill.no_reference", "severity": "hard", "message": "no bill number on the PDF"}]
                ),
            }
        )
        html = str(move.order_intake_missing_html)
        self.assertIn("Bill Reference", html)
        self.assertIn("no bill number on the PDF", html)
        self.assertIn("Bill Date", html)
        self.assertIn("Invoice Lines", html)
        move.write({"ref": "INV-1", "invoice_date": "2026-11-01"})
        self.assertNotIn("Bill Reference", str(move.order_intake_missing_html))
