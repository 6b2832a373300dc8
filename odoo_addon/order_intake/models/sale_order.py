# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..compat import SALE_LINE_UOM
from ..utils import missing_fields_html

EDITABLE_STATES = ("draft", "sent")

#: how the bridge's note line for a product Odoo does not have starts (bridge: MISSING_PRODUCT_NOTE)
MISSING_PRODUCT_NOTE = "[no product in Odoo]"


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "order.intake.draft.mixin"]

    order_intake_missing_html = fields.Html(
        string="AI Draft: Missing",
        compute="_compute_order_intake_missing_html",
        sanitize=True,
    )

    order_intake_products_missing = fields.Integer(
        string="AI Draft: Lines Without Product",
        compute="_compute_order_intake_products_missing",
        help="Note lines the bridge wrote for products Odoo did not have (they start with "
        "'[no product in Odoo]'). Create the product, then Read Again.",
    )

    @api.depends("order_line.display_type", "order_line.name", "state", "order_intake_review_state")
    def _compute_order_intake_products_missing(self):
        for order in self:
            order.order_intake_products_missing = (
                len(order.order_line.filtered(
                    lambda l: l.display_type == "line_note" and (l.name or "").startswith(MISSING_PRODUCT_NOTE)
                ))
                if order.order_intake_review_state and order.state in EDITABLE_STATES
                else 0
            )

    def action_order_intake_read_again(self):
        """Ask the bridge to read this draft's email again (its entry's Read Again)."""
        self.ensure_one()
        if not self.order_intake_log_id:
            raise UserError(_("This order has no intake log entry: it was not drafted from an email."))
        return self.order_intake_log_id.action_retry()

    @api.depends("order_intake_review_state", "order_line", "client_order_ref", "order_intake_reasons")
    def _compute_order_intake_missing_html(self):
        for order in self:
            missing = []
            if order.order_intake_review_state and order.state in EDITABLE_STATES:
                if not order.order_line.filtered(lambda l: not l.display_type):
                    missing.append(
                        (_("Order lines"), ("order.no_lines",), _("no line could be read"))
                    )
                if order.order_line.filtered(lambda l: not l.display_type and not l.product_id):
                    missing.append(
                        (_("Products"), ("line.unknown_product",), _("a line has no product"))
                    )
                if not order.client_order_ref:
                    missing.append(
                        (_("Customer Reference"), ("po.missing",), _("no PO number found in the document"))
                    )
            order.order_intake_missing_html = missing_fields_html(missing, order.order_intake_reasons)

    def _order_intake_lines_payload(self):
        self.ensure_one()
        return [
            self._order_intake_line_payload(line, line.product_uom_qty, line[SALE_LINE_UOM])
            for line in self.order_line.filtered(lambda l: not l.display_type)
        ]

    def _order_intake_editable_drafts(self):
        return self._order_intake_human_drafts().filtered(
            lambda o: o.state in EDITABLE_STATES
        )

    @api.model_create_multi
    def create(self, vals_list):
        # lines created with the order are not an edit
        return super(
            SaleOrder, self.with_context(order_intake_lines_tracked=True)
        ).create(vals_list).with_env(self.env)

    def action_confirm(self):
        drafts = self._order_intake_human_drafts()
        res = super(
            SaleOrder, self.with_context(order_intake_lines_tracked=True)
        ).action_confirm()
        drafts.filtered(lambda o: o.state == "sale")._order_intake_reviewed("confirmed")
        return res

    def _action_cancel(self):
        drafts = self._order_intake_human_drafts().filtered(lambda o: o.state != "cancel")
        res = super(
            SaleOrder, self.with_context(order_intake_lines_tracked=True)
        )._action_cancel()
        drafts.filtered(lambda o: o.state == "cancel")._order_intake_reviewed("cancelled")
        return res

    def write(self, vals):
        if "order_line" not in vals or self.env.context.get("order_intake_lines_tracked"):
            return super().write(vals)
        drafts = self._order_intake_editable_drafts()
        res = super(
            SaleOrder, self.with_context(order_intake_lines_tracked=True)
        ).write(vals)
        drafts._order_intake_reviewed("edited")
        return res
