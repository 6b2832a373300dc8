# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase, new_test_user

from odoo.addons.order_intake.compat import GROUPS_FIELD


@tagged("post_install", "-at_install")
class TestReceiptUpload(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("order_intake.bridge_url", "https://bridge.test/")
        params.set_param("order_intake.webhook_secret", "oi-test-secret")
        cls.employee_user = new_test_user(cls.env, login="oi_employee", groups="base.group_user")

    def _wizard(self, module):
        attachment = self.env["ir.attachment"].with_user(self.employee_user).create(
            {"name": "taxi.pdf", "raw": b"%PDF-1.4 receipt", "res_model": "order.intake.upload.wizard"}
        )
        return (
            self.env["order.intake.upload.wizard"]
            .with_user(self.employee_user)
            .with_context(default_module=module)
            .create({"attachment_ids": [(6, 0, attachment.ids)]})
        )

    def test_an_employee_sends_a_receipt(self):
        action = self._wizard("hr").action_send()
        self.assertEqual(action["tag"], "display_notification")
        log = self.env["order.intake.log"].search([("uploaded_by_id", "=", self.employee_user.id)])
        self.assertEqual((log.module, log.status), ("hr", "pending"))
        delivery = self.env["order.intake.webhook.delivery"].search(
            [("event", "=", "document.uploaded")], order="id desc", limit=1
        )
        data = json.loads(delivery.payload)
        self.assertEqual((data["module"], data["log_id"]), ("hr", log.id))
        self.assertEqual(data["uploaded_by"]["id"], self.employee_user.id)

    def test_an_employee_cannot_send_documents_of_other_modules(self):
        with self.assertRaises(AccessError):
            self._wizard("invoicing").action_send()

    def test_the_receipt_menu_is_for_every_employee(self):
        menu = self.env.ref("order_intake_hr_expense.order_intake_hr_expense_menu_upload")
        self.assertIn(self.env.ref("base.group_user"), menu[GROUPS_FIELD])
