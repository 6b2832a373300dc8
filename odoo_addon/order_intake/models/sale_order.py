# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

EDITABLE_STATES = ("draft", "sent")


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "order.intake.draft.mixin"]

    def _order_intake_lines_payload(self):
        self.ensure_one()
        return [
            self._order_intake_line_payload(line, line.product_uom_qty, line.product_uom)
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
