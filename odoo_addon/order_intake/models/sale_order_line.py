# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..compat import SALE_LINE_UOM

#: line fields whose change by a person is a correction of an AI draft
TRACKED_FIELDS = {
    "product_id",
    "product_uom_qty",
    SALE_LINE_UOM,  # product_uom until 18, product_uom_id from 19
    "price_unit",
    "name",
    "discount",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _order_intake_direct_edit(self):
        """Lines edited directly (not through the order's write, e.g. over RPC)."""
        if self.env.context.get("order_intake_lines_tracked"):
            return self.env["sale.order"]
        return self.order_id._order_intake_editable_drafts()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered(lambda l: not l.display_type)._order_intake_direct_edit()._order_intake_reviewed("edited")
        return lines

    def write(self, vals):
        if not TRACKED_FIELDS.intersection(vals):
            return super().write(vals)
        orders = self._order_intake_direct_edit()
        res = super().write(vals)
        orders._order_intake_reviewed("edited")
        return res

    def unlink(self):
        orders = self._order_intake_direct_edit()
        res = super().unlink()
        orders.exists()._order_intake_reviewed("edited")
        return res
