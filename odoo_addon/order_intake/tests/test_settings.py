# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import OrderIntakeCase


@tagged("post_install", "-at_install")
class TestSettings(OrderIntakeCase):
    def test_save_sends_settings_updated(self):
        before = len(self.deliveries("settings.updated"))
        settings = self.env["res.config.settings"].create(
            {
                "order_intake_bridge_url": "https://intake.example.com",
                "order_intake_enable_sales": True,
                "order_intake_enable_invoicing": True,
                "order_intake_auto_confirm_sales": True,
                "order_intake_slack_channel_sales": "#sales-orders",
                "order_intake_auto_threshold": 90,
                "order_intake_review_threshold": 60,
                "order_intake_draft_user_id": self.intake_user.id,
                "order_intake_model_tokens_per_email": 50000,
                "order_intake_model_daily_cost": 7.5,
            }
        )
        settings.execute()
        deliveries = self.deliveries("settings.updated")
        self.assertEqual(len(deliveries), before + 1)
        data = self.payload(deliveries[-1])
        self.assertEqual(data["bridge_url"], "https://intake.example.com")
        self.assertEqual(data["thresholds"], {"auto": 90, "review": 60})
        self.assertEqual(data["draft_user"], {"id": self.intake_user.id, "login": "oi_user"})
        self.assertEqual(data["model"], {"tokens_per_email": 50000, "daily_cost_usd": 7.5})
        self.assertEqual(
            data["modules"]["sales"],
            {"enabled": True, "auto_confirm": True, "slack_channel": "#sales-orders"},
        )
        self.assertTrue(data["modules"]["invoicing"]["enabled"])
        self.assertFalse(data["modules"]["hr"]["enabled"])
        self.assertNotIn("secret", str(data))
        self.assertEqual(deliveries[-1].state, "pending")
        # saving again without a change sends nothing
        self.env["res.config.settings"].create({}).execute()
        self.assertEqual(len(self.deliveries("settings.updated")), before + 1)
        # the values are read back
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.order_intake_slack_channel_sales, "#sales-orders")
        self.assertEqual(settings.order_intake_auto_threshold, 90)

    def test_defaults_and_threshold_validation(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.order_intake_auto_threshold, 95)
        self.assertEqual(settings.order_intake_review_threshold, 70)
        self.assertTrue(settings.order_intake_enable_sales)
        bad = self.env["res.config.settings"].create(
            {"order_intake_auto_threshold": 60, "order_intake_review_threshold": 80}
        )
        with self.assertRaises(ValidationError):
            bad.execute()

    def test_secret_shown_once_and_rotation(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("order_intake.webhook_secret", False)
        settings = self.env["res.config.settings"].create({})
        action = settings.action_order_intake_reveal_secret()
        wizard = self.env["order.intake.secret.wizard"].browse(action["res_id"])
        secret = params.get_param("order_intake.webhook_secret")
        self.assertTrue(secret and len(secret) >= 32)
        self.assertEqual(wizard.secret, secret)
        wizard.action_done()
        self.assertFalse(wizard.secret)
        with self.assertRaises(UserError):
            settings.action_order_intake_reveal_secret()
        action = settings.action_order_intake_rotate_secret()
        new = params.get_param("order_intake.webhook_secret")
        self.assertNotEqual(new, secret)
        self.assertEqual(params.get_param("order_intake.webhook_secret_previous"), secret)
        self.assertTrue(params.get_param("order_intake.webhook_secret_previous_until"))
        self.assertIn(new[-4:], self.env["res.config.settings"].create({}).order_intake_secret_hint)
