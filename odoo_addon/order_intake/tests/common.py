# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from unittest.mock import MagicMock, patch

from odoo.tests.common import TransactionCase, new_test_user

POST = "odoo.addons.order_intake.models.order_intake_webhook_delivery.requests.post"


def fake_response(status=202, text=""):
    response = MagicMock()
    response.status_code = status
    response.text = text
    return response


class OrderIntakeCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("order_intake.bridge_url", "https://bridge.test/")
        params.set_param("order_intake.webhook_secret", "oi-test-secret")
        cls.Delivery = cls.env["order.intake.webhook.delivery"]
        # deliveries already in the database (demo, real use) are not ours
        cls.Delivery.search([]).unlink()
        # bills need a purchase journal: a database without a chart of accounts (17 installs
        # none by itself) has none
        if not cls.env["account.journal"].search_count(
            [("type", "=", "purchase"), ("company_id", "=", cls.env.company.id)]
        ):
            cls.env["account.journal"].create({"name": "Bills", "code": "OIBIL", "type": "purchase"})
        cls.intake_user = new_test_user(
            cls.env,
            login="oi_user",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,"
            "account.group_account_invoice,order_intake.group_order_intake_user",
        )
        cls.intake_manager = new_test_user(
            cls.env,
            login="oi_manager",
            groups="base.group_user,order_intake.group_order_intake_manager",
        )
        cls.bridge_user = new_test_user(
            cls.env,
            login="oi_bridge",
            groups="base.group_user,order_intake.group_order_intake_bridge",
        )
        cls.outsider = new_test_user(
            cls.env, login="oi_outsider", groups="base.group_user,sales_team.group_sale_salesman"
        )

    def deliveries(self, event):
        return self.Delivery.search([("event", "=", event)], order="id")

    def payload(self, delivery):
        return json.loads(delivery.payload)

    def patch_post(self, **kwargs):
        return patch(POST, **kwargs)
