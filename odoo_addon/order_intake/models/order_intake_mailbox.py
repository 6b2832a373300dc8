# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..compat import unique_keys
from ..utils import MODULES

SECURITY = [("ssl", "SSL/TLS"), ("starttls", "STARTTLS"), ("none", "None")]

PROVIDER_PRESETS = {
    "gmail": {
        "imap_host": "imap.gmail.com",
        "imap_port": 993,
        "imap_security": "ssl",
        "smtp_host": "smtp.gmail.com",
        "smtp_port": 587,
        "smtp_security": "starttls",
    },
    "outlook": {
        "imap_host": "outlook.office365.com",
        "imap_port": 993,
        "imap_security": "ssl",
        "smtp_host": "smtp.office365.com",
        "smtp_port": 587,
        "smtp_security": "starttls",
    },
    "yahoo": {
        "imap_host": "imap.mail.yahoo.com",
        "imap_port": 993,
        "imap_security": "ssl",
        "smtp_host": "smtp.mail.yahoo.com",
        "smtp_port": 465,
        "smtp_security": "ssl",
    },
}

#: fields the bridge reports back (the only ones the bridge user may write)
BRIDGE_FIELDS = {
    "status",
    "last_error",
    "last_sync",
    "password_state",
    "last_test",
    "test_findings",
    "counts_date",
    "received_today",
    "drafted_today",
    "review_today",
    "failed_today",
}
#: fields sent to the bridge in mailbox.updated
SYNCED_FIELDS = [
    "name",
    "module",
    "email",
    "active",
    "imap_host",
    "imap_port",
    "imap_security",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "username",
    "processed_folder",
    "failed_folder",
    "notify_email",
    "send_acknowledgement",
    "company_id",
]


class OrderIntakeMailbox(models.Model):
    _name = "order.intake.mailbox"
    _description = "Order Intake mailbox"
    _order = "module, email"

    name = fields.Char(required=True)
    module = fields.Selection(MODULES, required=True, default="sales")
    email = fields.Char(string="Address", required=True)
    provider = fields.Selection(
        [("gmail", "Gmail"), ("outlook", "Outlook / Microsoft 365"), ("yahoo", "Yahoo"), ("custom", "Custom")],
        default="custom",
        required=True,
    )
    imap_host = fields.Char(string="IMAP Host")
    imap_port = fields.Integer(string="IMAP Port", default=993)
    imap_security = fields.Selection(SECURITY, string="IMAP Security", default="ssl")
    smtp_host = fields.Char(string="SMTP Host")
    smtp_port = fields.Integer(string="SMTP Port", default=587)
    smtp_security = fields.Selection(SECURITY, string="SMTP Security", default="starttls")
    username = fields.Char()
    password = fields.Char(
        compute="_compute_password",
        inverse="_inverse_password",
        store=False,
        help="Write-only: sent once to the bridge (which keeps it encrypted), "
        "never stored in Odoo.",
    )
    password_state = fields.Selection(
        [("none", "Not set"), ("queued", "Being sent to the bridge"), ("sent", "Held by the bridge"), ("lost", "Not delivered: enter it again")],
        default="none",
        readonly=True,
        copy=False,
    )
    processed_folder = fields.Char(default="Processed", required=True)
    failed_folder = fields.Char(default="Failed", required=True)
    active = fields.Boolean(default=True)
    notify_email = fields.Char(
        string="Notification Address", help="Admins alerted when an email fails."
    )
    send_acknowledgement = fields.Boolean(
        string="Acknowledge Receipt",
        help="Reply to the customer (threaded) once the order is registered.",
    )
    last_sync = fields.Datetime(readonly=True, copy=False)
    status = fields.Selection(
        [("new", "New"), ("pending", "Waiting for the bridge"), ("ok", "Connected"), ("error", "Error")],
        default="new",
        readonly=True,
        copy=False,
    )
    last_error = fields.Text(readonly=True, copy=False)
    last_test = fields.Datetime(readonly=True, copy=False, help="When the bridge last ran Test Connection.")
    test_findings = fields.Text(
        readonly=True,
        copy=False,
        help="What the last Test Connection found, one line each: "
        "✗ in the way (fix it), ! worth knowing, ✓ works.",
    )
    counts_date = fields.Date(
        string="Counted On",
        readonly=True,
        copy=False,
        help="The day the counts below are for (the bridge's date); they are updated as the bridge reads the mailbox.",
    )
    received_today = fields.Integer(readonly=True, copy=False, help="Emails received on that day.")
    drafted_today = fields.Integer(
        readonly=True, copy=False, help="Emails drafted automatically (at or above the auto threshold)."
    )
    review_today = fields.Integer(
        string="To Review Today",
        readonly=True,
        copy=False,
        help="Emails waiting for a person: a draft to review, or an intake log entry to act on.",
    )
    failed_today = fields.Integer(
        readonly=True, copy=False, help="Emails that could not be processed (see the intake log)."
    )
    log_count = fields.Integer(compute="_compute_log_count", string="Intake Log")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    unique_keys(locals(), [
        ("email_company_unique", "unique(email, company_id)", "This address already has a mailbox."),
    ])

    def _compute_password(self):
        for mailbox in self:
            mailbox.password = False

    def _inverse_password(self):
        # the value is taken out of vals in create()/write() and sent to the bridge
        return

    def _compute_log_count(self):
        groups = self.env["order.intake.log"]._read_group(
            [("mailbox_id", "in", self.ids)], ["mailbox_id"], ["__count"]
        )
        counts = {mailbox.id: count for mailbox, count in groups}
        for mailbox in self:
            mailbox.log_count = counts.get(mailbox.id, 0)

    @api.onchange("provider")
    def _onchange_provider(self):
        preset = PROVIDER_PRESETS.get(self.provider)
        if preset:
            self.update(preset)

    # ------------------------------------------------------------------ bridge
    @api.model
    def _is_bridge(self):
        return self.env["order.intake.draft.mixin"]._order_intake_is_bridge()

    def _bridge_payload(self, password=None):
        self.ensure_one()
        data = {"id": self.id}
        for fname in SYNCED_FIELDS:
            value = self[fname]
            if fname == "company_id":
                value = value.id
            data[fname] = value if value is not False or self._fields[fname].type == "boolean" else None
        if password:
            data["password"] = password
        return data

    def _send_updated(self, password=None):
        Delivery = self.env["order.intake.webhook.delivery"]
        for mailbox in self:
            Delivery._queue(
                "mailbox.updated",
                mailbox._bridge_payload(password=password),
                company=mailbox.company_id,
                contains_secret=bool(password),
            )
        if password:
            # the password now only lives in the outbox until it is sent
            self.sudo().with_context(order_intake_bridge=True).write(
                {"password_state": "queued"}
            )

    @api.model_create_multi
    def create(self, vals_list):
        passwords = [vals.pop("password", False) for vals in vals_list]
        mailboxes = super().create(vals_list)
        for mailbox, password in zip(mailboxes, passwords):
            mailbox._send_updated(password=password or None)
        return mailboxes

    def write(self, vals):
        password = vals.pop("password", False)
        if self._is_bridge() and not self.env.user.has_group(
            "order_intake.group_order_intake_manager"
        ):
            forbidden = set(vals) - BRIDGE_FIELDS
            if forbidden and not self.env.su:
                raise AccessError(
                    _("The bridge may only write %s on mailboxes.", ", ".join(sorted(BRIDGE_FIELDS)))
                )
        res = super().write(vals) if vals else True
        if password or (set(vals) & set(SYNCED_FIELDS) and not self._is_bridge()):
            self._send_updated(password=password or None)
        return res

    def unlink(self):
        data = [
            ({"id": mb.id, "email": mb.email, "module": mb.module}, mb.company_id)
            for mb in self
        ]
        res = super().unlink()
        Delivery = self.env["order.intake.webhook.delivery"]
        for payload, company in data:
            Delivery._queue("mailbox.deleted", payload, company=company)
        return res

    def _request(self, event, clear=()):
        Delivery = self.env["order.intake.webhook.delivery"]
        for mailbox in self:
            Delivery._queue(
                event,
                {
                    "mailbox_id": mailbox.id,
                    "email": mailbox.email,
                    "module": mailbox.module,
                    "requested_by": {"id": self.env.user.id, "login": self.env.user.login},
                },
                company=mailbox.company_id,
            )
        values = {"status": "pending", "last_error": False}
        values.update({fname: False for fname in clear})
        self.sudo().with_context(order_intake_bridge=True).write(values)

    def action_test_connection(self):
        # the previous findings go: the bridge writes the new ones
        self._request("mailbox.test_requested", clear=("test_findings",))
        return self._notify(_("Connection test requested: the bridge will report the result here."))

    def action_sync_now(self):
        self._request("mailbox.sync_requested")
        return self._notify(_("Synchronisation requested."))

    def _notify(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_view_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_intake.order_intake_log_action"
        )
        action["domain"] = [("mailbox_id", "=", self.id)]
        return action
