# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..compat import bus_send, check_access
from ..utils import MODULE_APPS, MODULES, reasons_to_html

UPLOAD_MESSAGE_ID_PREFIX = "<order-intake-upload-"

LOG_STATUSES = [
    ("pending", "Processing"),
    ("done", "Done"),
    ("to_review", "To review"),
    ("failed", "Failed"),
    ("ignored", "Ignored"),
    ("duplicate", "Duplicate"),
]


class OrderIntakeLog(models.Model):
    """One processed email (or uploaded document), written by the bridge."""

    _name = "order.intake.log"
    _description = "Order Intake log entry"
    _order = "received_at desc, id desc"
    _rec_name = "subject"

    sender = fields.Char(index="trigram")
    subject = fields.Char(index="trigram")
    received_at = fields.Datetime(string="Received", index=True)
    module = fields.Selection(MODULES, index=True)
    status = fields.Selection(LOG_STATUSES, required=True, default="done", index=True)
    confidence = fields.Float(help="0..1, shown as a percentage.")
    reasons = fields.Text(help="JSON list of reasons or plain text.")
    reasons_html = fields.Html(
        string="Reasons (formatted)", compute="_compute_reasons_html", sanitize=True
    )
    res_model = fields.Char(string="Draft Model", index=True)
    res_id = fields.Many2oneReference(string="Draft ID", model_field="res_model")
    draft_ref = fields.Reference(
        selection="_selection_draft_ref",
        string="Draft",
        compute="_compute_draft_ref",
    )
    error = fields.Text()
    attachment_count = fields.Integer(
        string="Email Attachments", help="Files attached to the email (the source files also hold the email itself, .eml)."
    )
    message_id = fields.Char(string="Message-ID", index=True)
    duplicate_of_id = fields.Many2one(
        "order.intake.log", string="Duplicate Of", ondelete="set null", index="btree_not_null"
    )
    mailbox_id = fields.Many2one(
        "order.intake.mailbox", ondelete="set null", index="btree_not_null"
    )
    retry_requested_at = fields.Datetime(readonly=True)
    uploaded_by_id = fields.Many2one(
        "res.users",
        string="Uploaded By",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        help="Who dropped the documents on \"Import order from document\"; notified when "
        "Order Intake has read them.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        ondelete="set null",
        help="The customer this email comes from, when Order Intake did not know the sender: "
        "pick (or create) one and press Make Draft.",
    )
    attachment_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Source Files",
        domain=[("res_model", "=", "order.intake.log")],
        help="The email (.eml) and the documents it carried, as received.",
    )
    has_draft = fields.Boolean(compute="_compute_has_draft")

    @api.depends("res_model", "res_id")
    def _compute_has_draft(self):
        for log in self:
            log.has_draft = bool(log.res_model and log.res_id)

    @api.model_create_multi
    def create(self, vals_list):
        """Every email has one entry, made by the bridge when it fetches it (or by the upload
        wizard), status pending: an entry created later for the same Message-ID (the draft's,
        a failure's, a duplicate's) completes that one instead of adding a second."""
        results = []
        to_create = []
        for vals in vals_list:
            message_id = vals.get("message_id") or ""
            pending = self.browse()
            if message_id and vals.get("status") != "pending":
                pending = self.sudo().search(
                    [("message_id", "=", message_id), ("status", "=", "pending")], limit=1
                )
            if pending:
                pending.write(vals)
                results.append(pending.id)
            else:
                to_create.append(vals)
                results.append(None)
        created = iter(super().create(to_create).ids if to_create else [])
        return self.browse([rid if rid is not None else next(created) for rid in results])

    def write(self, vals):
        # an Order Intake user may pick the customer of an email (the rest is written by the bridge)
        if (
            vals
            and set(vals) <= {"partner_id"}
            and not self.env.su
            and self.env.user.has_group("order_intake.group_order_intake_user")
        ):
            check_access(self, "read")
            return super(OrderIntakeLog, self.sudo()).write(vals)
        was_pending = self.filtered(lambda log: log.status == "pending") if "status" in vals else None
        res = super().write(vals)
        if was_pending:
            was_pending.filtered(lambda log: log.status != "pending")._notify_uploader()
        return res

    def _notify_uploader(self):
        """Tell the person who uploaded the documents that the result is ready (bus)."""
        kinds = {"done": "success", "to_review": "warning", "failed": "danger"}
        for log in self.filtered("uploaded_by_id"):
            label = dict(LOG_STATUSES).get(log.status, log.status)
            message = _("%(subject)s: %(status)s.", subject=log.subject or _("Document"), status=label)
            if log.draft_ref:
                message += " " + _("Draft: %s", log.draft_ref.display_name)
            elif log.error:
                message += " " + log.error[:300]
            bus_send(
                log.uploaded_by_id.partner_id,
                "simple_notification",
                {
                    "type": kinds.get(log.status, "info"),
                    "title": _("Order Intake"),
                    "message": message,
                    "sticky": log.status in ("to_review", "failed"),
                },
            )

    @api.depends("reasons")
    def _compute_reasons_html(self):
        for log in self:
            log.reasons_html = reasons_to_html(log.reasons)

    @api.model
    def _selection_draft_ref(self):
        models_ = ["sale.order", "purchase.order", "account.move", "stock.picking", "hr.expense"]
        return [
            (model, self.env[model]._description) for model in models_ if model in self.env
        ]

    @api.depends("res_model", "res_id")
    def _compute_draft_ref(self):
        for log in self:
            if log.res_model and log.res_id and log.res_model in dict(self._selection_draft_ref()):
                log.draft_ref = f"{log.res_model},{log.res_id}"
            else:
                log.draft_ref = False

    @api.model
    def _module_app_installed(self, module):
        """Whether the Odoo app a module needs is installed (ir.module.module)."""
        app = MODULE_APPS.get(module, (None, None))[0]
        if not app:
            return False
        return bool(
            self.env["ir.module.module"]
            .sudo()
            .search_count([("name", "=", app), ("state", "=", "installed")])
        )

    def action_open_draft(self):
        self.ensure_one()
        if not (self.res_model and self.res_id):
            raise UserError(_("This entry has no draft."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _queue_retry(self, partner=None):
        for log in self:
            if log.status == "pending":
                raise UserError(_("This email is being processed; wait for its result."))
            if log.has_draft and log.status not in ("failed", "to_review"):
                raise UserError(_("This email already has its draft: open it."))
            # a draft to review: the bridge reads the email again and completes the lines that had no
            # product (one created meanwhile); a draft already confirmed or cancelled is not touched
            if log.has_draft and log.status == "to_review":
                draft = log.env[log.res_model].browse(log.res_id).exists()
                if "state" in draft._fields and draft.state not in ("draft", "sent"):
                    raise UserError(_("This draft is no longer a draft: it cannot be completed again."))
            self.env["order.intake.webhook.delivery"]._queue(
                "intake.retry_requested",
                {
                    "log_id": log.id,
                    "message_id": log.message_id or None,
                    "mailbox_id": log.mailbox_id.id or None,
                    "module": log.module or None,
                    "partner_id": partner.id if partner else None,
                    "requested_by": {"id": self.env.user.id, "login": self.env.user.login},
                },
                company=log.company_id,
            )
        self.sudo().write({"retry_requested_at": fields.Datetime.now()})

    def action_retry(self):
        """Ask the bridge to read the email again, against the current catalog (a product or a
        customer created meanwhile is found). For an email that has its draft (to review), the
        draft's lines of products Odoo did not have are completed in place, and its chatter says so."""
        self._queue_retry()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("The bridge was asked to read this email again."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_make_draft(self):
        """Turn what was read into a draft for the customer picked on the entry."""
        for log in self:
            if not log.partner_id:
                raise UserError(_("Pick (or create) the customer first."))
            log._queue_retry(partner=log.partner_id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("The bridge was asked to draft this email for the chosen customer."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_dismiss(self):
        """Nothing to do with this email (not an order, handled by hand): marked ignored."""
        for log in self:
            if log.has_draft:
                raise UserError(_("This email has a draft: cancel the draft instead."))
        self.sudo().write(
            {
                "status": "ignored",
                "error": _("Dismissed by %s.", self.env.user.name),
            }
        )
        return True
