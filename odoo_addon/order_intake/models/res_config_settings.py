# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mail import single_email_re

from ..utils import MODULE_APPS, MODULE_KEYS
from .order_intake_webhook_delivery import (
    PARAM_PREVIOUS_SECRET,
    PARAM_PREVIOUS_UNTIL,
    PARAM_SECRET,
    SECRET_ROTATION_WINDOW,
)

PARAM_REVEALED = "order_intake.webhook_secret_revealed"
REPORT_FREQUENCIES = [
    ("daily", "Daily"),
    ("every_3_days", "Every 3 days"),
    ("weekly", "Weekly"),
]
REPORT_WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


def _tz_get(self):
    return [(tz, tz) for tz in sorted(pytz.all_timezones, key=lambda tz: tz if not tz.startswith("Etc/") else "_")]


def _report_recipients(value):
    return [a.strip() for a in (value or "").replace(";", ",").split(",") if a.strip()]


def _report_time(value):
    """A float_time (7.5) as ``HH:MM`` (07:30)."""
    try:
        minutes = round(float(value or 0) * 60)
    except (TypeError, ValueError):
        minutes = 0
    minutes = max(0, min(minutes, 23 * 60 + 59))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
PARAM_ROTATED_AT = "order_intake.webhook_secret_rotated_at"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    order_intake_bridge_url = fields.Char(
        string="Bridge URL",
        config_parameter="order_intake.bridge_url",
        help="Base URL of the Order Intake bridge, e.g. https://intake.example.com. "
        "Webhooks are posted to <URL>/webhooks/odoo.",
    )
    # display only, filled by get_values(): the secret itself never reaches the form
    order_intake_secret_hint = fields.Char(string="Webhook Secret", readonly=True)
    order_intake_secret_revealed = fields.Boolean(readonly=True)
    order_intake_auto_threshold = fields.Integer(
        string="Auto Threshold (%)",
        config_parameter="order_intake.auto_threshold",
        default=95,
    )
    order_intake_review_threshold = fields.Integer(
        string="Review Threshold (%)",
        config_parameter="order_intake.review_threshold",
        default=70,
    )
    # the model's budgets (P16), mirrored to the bridge by settings.updated
    order_intake_model_tokens_per_email = fields.Integer(
        string="Model Tokens per Email",
        config_parameter="order_intake.model_tokens_per_email",
        default=100000,
    )
    order_intake_model_daily_cost = fields.Float(
        string="Model Cost per Day (USD)",
        config_parameter="order_intake.model_daily_cost",
        default=20.0,
    )
    order_intake_draft_user_id = fields.Many2one(
        "res.users",
        string="AI Drafts Owner",
        config_parameter="order_intake.draft_user_id",
        help="Salesperson / responsible set on the drafts the bridge creates.",
    )
    order_intake_enable_sales = fields.Boolean(
        string="Sales", config_parameter="order_intake.enable_sales"
    )
    order_intake_auto_confirm_sales = fields.Boolean(
        string="Auto-confirm (Sales)", config_parameter="order_intake.auto_confirm_sales"
    )
    order_intake_slack_channel_sales = fields.Char(
        string="Slack Channel (Sales)", config_parameter="order_intake.slack_channel_sales"
    )
    order_intake_enable_purchase = fields.Boolean(
        string="Purchase", config_parameter="order_intake.enable_purchase"
    )
    order_intake_auto_confirm_purchase = fields.Boolean(
        string="Auto-confirm (Purchase)", config_parameter="order_intake.auto_confirm_purchase"
    )
    order_intake_slack_channel_purchase = fields.Char(
        string="Slack Channel (Purchase)", config_parameter="order_intake.slack_channel_purchase"
    )
    order_intake_enable_invoicing = fields.Boolean(
        string="Invoicing", config_parameter="order_intake.enable_invoicing"
    )
    order_intake_auto_confirm_invoicing = fields.Boolean(
        string="Auto-confirm (Invoicing)", config_parameter="order_intake.auto_confirm_invoicing"
    )
    order_intake_slack_channel_invoicing = fields.Char(
        string="Slack Channel (Invoicing)", config_parameter="order_intake.slack_channel_invoicing"
    )
    order_intake_enable_inventory = fields.Boolean(
        string="Inventory", config_parameter="order_intake.enable_inventory"
    )
    order_intake_auto_confirm_inventory = fields.Boolean(
        string="Auto-confirm (Inventory)", config_parameter="order_intake.auto_confirm_inventory"
    )
    order_intake_slack_channel_inventory = fields.Char(
        string="Slack Channel (Inventory)", config_parameter="order_intake.slack_channel_inventory"
    )
    order_intake_enable_hr = fields.Boolean(
        string="HR", config_parameter="order_intake.enable_hr"
    )
    order_intake_auto_confirm_hr = fields.Boolean(
        string="Auto-confirm (HR)", config_parameter="order_intake.auto_confirm_hr"
    )
    order_intake_slack_channel_hr = fields.Char(
        string="Slack Channel (HR)", config_parameter="order_intake.slack_channel_hr"
    )

    # ------------------------------------------------------------------ reports
    order_intake_report_enabled = fields.Boolean(
        string="Scheduled Reports", config_parameter="order_intake.report_enabled"
    )
    order_intake_report_frequency = fields.Selection(
        REPORT_FREQUENCIES,
        string="Report Frequency",
        config_parameter="order_intake.report_frequency",
        default="daily",
    )
    order_intake_report_time = fields.Float(
        string="Report Time",
        config_parameter="order_intake.report_time",
        default=7.0,
        help="Local time of day (in the report time zone) at which the report is sent.",
    )
    order_intake_report_weekday = fields.Selection(
        REPORT_WEEKDAYS,
        string="Report Weekday",
        config_parameter="order_intake.report_weekday",
        default="0",
    )
    order_intake_report_tz = fields.Selection(
        _tz_get,
        string="Report Time Zone",
        config_parameter="order_intake.report_tz",
        default=lambda self: self.env.user.tz or "UTC",
    )
    order_intake_report_recipients = fields.Char(
        string="Report Recipients",
        config_parameter="order_intake.report_recipients",
        help="Email addresses, separated by commas.",
    )

    # whether the app each optional module needs is installed (ir.module.module), for the toggles
    order_intake_app_installed_purchase = fields.Boolean(compute="_compute_order_intake_apps")
    order_intake_app_installed_invoicing = fields.Boolean(compute="_compute_order_intake_apps")
    order_intake_app_installed_inventory = fields.Boolean(compute="_compute_order_intake_apps")
    order_intake_app_installed_hr = fields.Boolean(compute="_compute_order_intake_apps")

    @api.depends("company_id")
    def _compute_order_intake_apps(self):
        log = self.env["order.intake.log"]
        installed = {key: log._module_app_installed(key) for key in ("purchase", "invoicing", "inventory", "hr")}
        for settings in self:
            for key, value in installed.items():
                settings[f"order_intake_app_installed_{key}"] = value

    # ------------------------------------------------------------------ secret
    @api.model
    def get_values(self):
        res = super().get_values()
        params = self.env["ir.config_parameter"].sudo()
        secret = params.get_param(PARAM_SECRET) or ""
        rotated_at = params.get_param(PARAM_ROTATED_AT)
        hint = ("\u2022" * 8 + secret[-4:]) if secret else _("not generated")
        if rotated_at:
            hint += " " + _("(rotated %s UTC)", rotated_at[:16])
        res.update(
            order_intake_secret_hint=hint,
            order_intake_secret_revealed=bool(params.get_param(PARAM_REVEALED)),
        )
        return res

    @api.model
    def _order_intake_ensure_secret(self):
        params = self.env["ir.config_parameter"].sudo()
        if not params.get_param(PARAM_SECRET):
            params.set_param(PARAM_SECRET, secrets.token_urlsafe(32))
            params.set_param(PARAM_REVEALED, False)

    def _order_intake_secret_wizard(self, secret, rotated):
        wizard = self.env["order.intake.secret.wizard"].create(
            {"secret": secret, "rotated": rotated}
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Webhook secret"),
            "res_model": "order.intake.secret.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_order_intake_reveal_secret(self):
        """Show the secret generated on install, once."""
        if not self.env.user._is_admin():
            raise UserError(_("Only an administrator can see or rotate the webhook secret."))
        self._order_intake_ensure_secret()
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(PARAM_REVEALED):
            raise UserError(
                _("The secret was already shown once. Rotate it to get a new one.")
            )
        params.set_param(PARAM_REVEALED, True)
        return self._order_intake_secret_wizard(params.get_param(PARAM_SECRET), False)

    def action_order_intake_rotate_secret(self):
        """New secret; the previous one stays valid for the rotation window."""
        if not self.env.user._is_admin():
            raise UserError(_("Only an administrator can see or rotate the webhook secret."))
        params = self.env["ir.config_parameter"].sudo()
        current = params.get_param(PARAM_SECRET)
        now = fields.Datetime.now()
        if current:
            params.set_param(PARAM_PREVIOUS_SECRET, current)
            params.set_param(
                PARAM_PREVIOUS_UNTIL,
                fields.Datetime.to_string(now + SECRET_ROTATION_WINDOW),
            )
        new = secrets.token_urlsafe(32)
        params.set_param(PARAM_SECRET, new)
        params.set_param(PARAM_REVEALED, True)
        params.set_param(PARAM_ROTATED_AT, fields.Datetime.to_string(now))
        return self._order_intake_secret_wizard(new, True)

    # ------------------------------------------------------------------ save & send
    @api.model
    def _order_intake_settings_payload(self):
        params = self.env["ir.config_parameter"].sudo()

        def _int(key, default):
            try:
                return int(params.get_param(key, default))
            except (TypeError, ValueError):
                return default

        user_id = _int("order_intake.draft_user_id", 0)
        user = self.env["res.users"].sudo().browse(user_id).exists() if user_id else None
        return {
            "bridge_url": params.get_param("order_intake.bridge_url") or None,
            "thresholds": {
                "auto": _int("order_intake.auto_threshold", 95),
                "review": _int("order_intake.review_threshold", 70),
            },
            "draft_user": {"id": user.id, "login": user.login} if user else None,
            "model": self._order_intake_model_payload(),
            "reports": self._order_intake_reports_payload(),
            "modules": {
                key: {
                    "enabled": bool(params.get_param(f"order_intake.enable_{key}")),
                    "auto_confirm": bool(params.get_param(f"order_intake.auto_confirm_{key}")),
                    "slack_channel": params.get_param(f"order_intake.slack_channel_{key}") or None,
                }
                for key in MODULE_KEYS
            },
        }

    @api.model
    def _order_intake_model_payload(self):
        params = self.env["ir.config_parameter"].sudo()
        try:
            tokens = int(params.get_param("order_intake.model_tokens_per_email", 100000))
        except (TypeError, ValueError):
            tokens = 100000
        try:
            cost = float(params.get_param("order_intake.model_daily_cost", 20.0))
        except (TypeError, ValueError):
            cost = 20.0
        return {"tokens_per_email": max(tokens, 0), "daily_cost_usd": max(cost, 0.0)}

    @api.model
    def _order_intake_reports_payload(self):
        params = self.env["ir.config_parameter"].sudo()
        try:
            weekday = int(params.get_param("order_intake.report_weekday", "0"))
        except (TypeError, ValueError):
            weekday = 0
        return {
            "enabled": bool(params.get_param("order_intake.report_enabled")),
            "frequency": params.get_param("order_intake.report_frequency") or "daily",
            "time": _report_time(params.get_param("order_intake.report_time", 7.0)),
            "weekday": weekday,
            "time_zone": params.get_param("order_intake.report_tz") or self.env.user.tz or "UTC",
            "recipients": _report_recipients(params.get_param("order_intake.report_recipients")),
            "company_name": self.env.company.name,
        }

    def action_order_intake_send_test_report(self):
        """Ask the bridge to build the report of the last period now and email it."""
        self.execute()  # the test uses what the form shows
        reports = self._order_intake_reports_payload()
        if not reports["recipients"]:
            raise UserError(_("Enter at least one report recipient first."))
        self.env["order.intake.webhook.delivery"]._queue(
            "report.test_requested",
            {
                "recipients": reports["recipients"],
                "requested_by": {"id": self.env.user.id, "login": self.env.user.login},
            },
        )
        return self._order_intake_notify(
            _("Test report requested: it is emailed to %s and logged under Reports.", ", ".join(reports["recipients"])),
            "info",
        )

    @api.model
    def _order_intake_send_settings(self):
        return self.env["order.intake.webhook.delivery"]._queue(
            "settings.updated", self._order_intake_settings_payload()
        )

    def set_values(self):
        for settings in self:
            for key in ("purchase", "invoicing", "inventory", "hr"):
                turned_on = settings[f"order_intake_enable_{key}"] and not self.env[
                    "ir.config_parameter"
                ].sudo().get_param(f"order_intake.enable_{key}")
                if turned_on and not settings[f"order_intake_app_installed_{key}"]:
                    app, label = MODULE_APPS[key]
                    raise ValidationError(
                        _(
                            "Order Intake: the %(module)s module needs the %(label)s app "
                            "(%(app)s), which is not installed.",
                            module=key,
                            label=label,
                            app=app,
                        )
                    )
            auto = settings.order_intake_auto_threshold
            review = settings.order_intake_review_threshold
            if not (0 <= review <= auto <= 100):
                raise ValidationError(
                    _("Order Intake thresholds: 0 <= review <= auto <= 100.")
                )
            if settings.order_intake_model_tokens_per_email < 0 or settings.order_intake_model_daily_cost < 0:
                raise ValidationError(_("Order Intake model budgets cannot be negative."))
            if settings.order_intake_report_enabled:
                recipients = _report_recipients(settings.order_intake_report_recipients)
                bad = [a for a in recipients if not single_email_re.match(a)]
                if not recipients or bad:
                    raise ValidationError(
                        _("Scheduled reports need valid recipient addresses (%s).", ", ".join(bad) or _("none given"))
                    )
                if not 0 <= settings.order_intake_report_time < 24:
                    raise ValidationError(_("The report time must be between 00:00 and 23:59."))
        before = self._order_intake_settings_payload()
        res = super().set_values()
        if self._order_intake_settings_payload() != before:
            self._order_intake_send_settings()
        return res

    def action_order_intake_push_settings(self):
        self._order_intake_send_settings()
        return self._order_intake_notify(_("Settings queued for the bridge."), "info")

    def action_order_intake_ping(self):
        """Send a signed ping now and report the bridge's answer."""
        delivery = self.env["order.intake.webhook.delivery"].sudo().create(
            {"event": "ping", "payload": "{}"}
        )
        ok = delivery._send_one()
        if ok:
            return self._order_intake_notify(
                _("The bridge answered %s.", delivery.last_status_code), "success"
            )
        delivery.write({"state": "failed"})  # a ping is not retried
        return self._order_intake_notify(
            _("The bridge did not accept the ping: %s", delivery.last_error), "danger"
        )

    def _order_intake_notify(self, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": kind, "message": message, "sticky": kind == "danger"},
        }
