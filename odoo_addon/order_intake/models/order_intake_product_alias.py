# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..compat import unique_keys


def normalize_key(key):
    return " ".join((key or "").split())


class OrderIntakeProductAlias(models.Model):
    """A customer's own part number or description for one of our products.

    Learned from corrections (the bridge writes them) and editable by users, so
    what was learnt stays in the ERP.
    """

    _name = "order.intake.product.alias"
    _description = "Order Intake product alias"
    _order = "partner_id, key"
    _rec_name = "key"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    key = fields.Char(
        string="Their Reference",
        required=True,
        index=True,
        help="The customer's part number or description, as it appears on their orders.",
    )
    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    unique_keys(locals(), [
        (
            "partner_key_unique",
            "unique(partner_id, key)",
            "This customer reference already points to a product.",
        ),
    ])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "key" in vals:
                vals["key"] = normalize_key(vals["key"])
        return super().create(vals_list)

    def write(self, vals):
        if "key" in vals:
            vals["key"] = normalize_key(vals["key"])
        return super().write(vals)
