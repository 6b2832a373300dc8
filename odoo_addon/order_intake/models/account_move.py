# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from ..utils import missing_fields_html

LINE_FIELDS = ("invoice_line_ids", "line_ids")


class AccountMove(models.Model):
    """Vendor bills drafted by the Invoicing module of Order Intake."""

    _name = "account.move"
    _inherit = ["account.move", "order.intake.draft.mixin"]

    order_intake_missing_html = fields.Html(
        string="AI Draft: Missing",
        compute="_compute_order_intake_missing_html",
        sanitize=True,
    )

    @api.depends("order_intake_review_state", "ref", "invoice_date", "invoice_line_ids", "order_intake_reasons")
    def _compute_order_intake_missing_html(self):
        for move in self:
            missing = []
            if move.order_intake_review_state and move.state == "draft":
                if not move.ref:
                    missing.append(
                        (_("Bill Reference"), ("bill.no_reference",), _("no bill number found"))
                    )
                if not move.invoice_date:
                    missing.append(
                        (_("Bill Date"), ("bill.no_date",), _("no bill date found on the document"))
                    )
                if not move.invoice_line_ids.filtered(lambda l: l.display_type == "product"):
                    missing.append(
                        (_("Invoice Lines"), ("bill.no_lines",), _("no bill line could be read"))
                    )
            move.order_intake_missing_html = missing_fields_html(missing, move.order_intake_reasons)

    def _order_intake_lines_payload(self):
        self.ensure_one()
        return [
            self._order_intake_line_payload(line, line.quantity, line.product_uom_id)
            for line in self.invoice_line_ids.filtered(lambda l: l.display_type == "product")
        ]

    @api.model_create_multi
    def create(self, vals_list):
        return super(
            AccountMove, self.with_context(order_intake_lines_tracked=True)
        ).create(vals_list).with_env(self.env)

    def _post(self, soft=True):
        drafts = self._order_intake_human_drafts().filtered(lambda m: m.state == "draft")
        res = super(
            AccountMove, self.with_context(order_intake_lines_tracked=True)
        )._post(soft=soft)
        drafts.filtered(lambda m: m.state == "posted")._order_intake_reviewed("confirmed")
        return res

    def button_cancel(self):
        drafts = self._order_intake_human_drafts().filtered(lambda m: m.state != "cancel")
        res = super(
            AccountMove, self.with_context(order_intake_lines_tracked=True)
        ).button_cancel()
        drafts.filtered(lambda m: m.state == "cancel")._order_intake_reviewed("cancelled")
        return res

    def write(self, vals):
        if (
            not any(field in vals for field in LINE_FIELDS)
            or self.env.context.get("order_intake_lines_tracked")
        ):
            return super().write(vals)
        drafts = self._order_intake_human_drafts().filtered(lambda m: m.state == "draft")
        res = super(
            AccountMove, self.with_context(order_intake_lines_tracked=True)
        ).write(vals)
        drafts._order_intake_reviewed("edited")
        return res
