# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.order_intake_log import UPLOAD_MESSAGE_ID_PREFIX
from ..utils import MODULE_APPS, MODULES


class OrderIntakeUploadWizard(models.TransientModel):
    """"Import order from document": hand files to the bridge (document.uploaded).

    An intake log entry (status "pending") is created and the files are attached
    to it, so that the bridge's user can read them over the API; the bridge then
    updates that same entry.
    """

    _name = "order.intake.upload.wizard"
    _description = "Order Intake: import order from document"

    module = fields.Selection(MODULES, required=True, default="sales")
    partner_id = fields.Many2one("res.partner", string="Customer / Vendor (optional)")
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    note = fields.Char()

    @api.model
    def _upload_database(self):
        """The database name as the bridge writes it into the upload's Message-ID."""
        return re.sub(r"[^\w.-]", "_", self.env.cr.dbname)

    def action_send(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(_("Add at least one document."))
        if self.module != "hr" and not self.env.user.has_group(
            "order_intake.group_order_intake_user"
        ):
            # employees may send their own expense receipts (order_intake_hr_expense), nothing else
            raise AccessError(_("Only Order Intake users can import documents for this module."))
        log_model = self.env["order.intake.log"]
        if not log_model._module_app_installed(self.module):
            app, label = MODULE_APPS[self.module]
            raise UserError(
                _(
                    "The %(label)s app (%(app)s) is not installed: install it to import "
                    "documents for this module.",
                    label=label,
                    app=app,
                )
            )
        user = self.env.user
        log = (
            self.env["order.intake.log"]
            .sudo()
            .create(
                {
                    "sender": user.email or user.login,
                    "subject": self.note
                    or ", ".join(self.attachment_ids.mapped("name"))[:200],
                    "received_at": fields.Datetime.now(),
                    "module": self.module,
                    "status": "pending",
                    "attachment_count": len(self.attachment_ids),
                    "company_id": self.env.company.id,
                    "uploaded_by_id": user.id,
                }
            )
        )
        # the bridge's entry for this upload carries the same Message-ID and completes this one
        log.message_id = f"{UPLOAD_MESSAGE_ID_PREFIX}{log.id}@{self._upload_database()}>"
        self.attachment_ids.sudo().write({"res_model": log._name, "res_id": log.id})
        self.env["order.intake.webhook.delivery"]._queue(
            "document.uploaded",
            {
                "log_id": log.id,
                "attachment_ids": self.attachment_ids.ids,
                "module": self.module,
                "partner_id": self.partner_id.id or None,
                "note": self.note or None,
                "uploaded_by": {"id": user.id, "login": user.login},
            },
        )
        if not user.has_group("order_intake.group_order_intake_user"):
            # an employee sending a receipt cannot open the intake log: the bus tells them
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": _("Sent to Order Intake: you get a notification when the draft is ready."),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "order.intake.log",
            "res_id": log.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
