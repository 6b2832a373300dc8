# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import OrderIntakeCase


@tagged("post_install", "-at_install")
class TestSecurity(OrderIntakeCase):
    def test_outsider_has_no_access(self):
        for model in (
            "order.intake.log",
            "order.intake.mailbox",
            "order.intake.product.alias",
            "order.intake.webhook.delivery",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.outsider).search([])
        with self.assertRaises(AccessError):
            self.env["order.intake.log"].with_user(self.outsider).create({"subject": "x"})

    def test_user_manager_bridge_rights(self):
        Mailbox = self.env["order.intake.mailbox"]
        Mailbox.with_user(self.intake_user).search([])  # users may read mailboxes
        with self.assertRaises(AccessError):
            Mailbox.with_user(self.intake_user).create({"name": "x", "email": "x@example.com"})
        with self.assertRaises(AccessError):
            self.env["order.intake.webhook.delivery"].with_user(self.intake_user).search([])
        with self.assertRaises(AccessError):
            self.env["order.intake.log"].with_user(self.intake_user).create({"subject": "x"})
        self.env["order.intake.webhook.delivery"].with_user(self.intake_manager).search([])
        self.env["order.intake.log"].with_user(self.bridge_user).create({"subject": "x"})
        with self.assertRaises(AccessError):
            Mailbox.with_user(self.bridge_user).create({"name": "x", "email": "x@example.com"})
        self.assertTrue(self.intake_manager.has_group("order_intake.group_order_intake_user"))

    def test_multi_company_rule(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        log = self.env["order.intake.log"].create({"subject": "other", "company_id": other.id})
        self.assertNotIn(log, self.env["order.intake.log"].with_user(self.intake_manager).search([]))
