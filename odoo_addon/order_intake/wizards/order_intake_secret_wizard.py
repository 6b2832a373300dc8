# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OrderIntakeSecretWizard(models.TransientModel):
    """Shows the webhook secret once (after install or a rotation)."""

    _name = "order.intake.secret.wizard"
    _description = "Order Intake webhook secret (shown once)"

    secret = fields.Char(readonly=True)
    rotated = fields.Boolean(readonly=True)

    def action_done(self):
        # forget the copy kept for display
        self.sudo().write({"secret": False})
        return {"type": "ir.actions.act_window_close"}
