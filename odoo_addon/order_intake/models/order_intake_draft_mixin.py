# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..utils import reasons_to_html

REVIEW_STATES = [
    ("to_review", "To review"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("automatic", "Automatic"),
]

#: decision sent in draft.reviewed -> review state set on the document
DECISION_REVIEW_STATE = {"confirmed": "approved", "cancelled": "rejected"}


class OrderIntakeDraftMixin(models.AbstractModel):
    """Fields and helpers of a document drafted by Order Intake (an "AI draft").

    A document is an AI draft when ``order_intake_review_state`` is set (the bridge
    sets it when it creates the draft). When a *person* confirms, cancels or edits
    the lines of an AI draft, a ``draft.reviewed`` webhook is queued. Writes made
    by the bridge (context ``order_intake_bridge=True`` or a user of the group
    "Order Intake Bridge") never send it.
    """

    _name = "order.intake.draft.mixin"
    _description = "Order Intake AI draft mixin"

    order_intake_log_id = fields.Many2one(
        "order.intake.log",
        string="Intake Log Entry",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    order_intake_confidence = fields.Float(
        string="AI Confidence",
        copy=False,
        readonly=True,
        help="Confidence of the extraction, 0..1 (shown as a percentage).",
    )
    order_intake_review_state = fields.Selection(
        REVIEW_STATES,
        string="AI Review",
        copy=False,
        index="btree_not_null",
        readonly=True,
        tracking=True,
    )
    order_intake_reasons = fields.Text(
        string="AI Reasons",
        copy=False,
        readonly=True,
        help="Why the bridge decided so: JSON list or plain text.",
    )
    order_intake_reasons_html = fields.Html(
        string="AI Reasons (formatted)",
        compute="_compute_order_intake_reasons_html",
        sanitize=True,
    )
    order_intake_message_id = fields.Char(
        string="Source Message-ID",
        copy=False,
        index=True,
        readonly=True,
        help="Message-ID of the source email: the bridge's idempotency key.",
    )

    @api.depends("order_intake_reasons")
    def _compute_order_intake_reasons_html(self):
        for record in self:
            record.order_intake_reasons_html = reasons_to_html(
                record.order_intake_reasons
            )

    # ------------------------------------------------------------------ helpers
    @api.model
    def _order_intake_is_bridge(self):
        """True for writes made by the bridge itself."""
        if self.env.context.get("order_intake_bridge"):
            return True
        return self.env.user.has_group("order_intake.group_order_intake_bridge")

    def _order_intake_human_drafts(self):
        """AI drafts in self, unless the bridge is the one acting."""
        if self._order_intake_is_bridge():
            return self.browse()
        return self.filtered("order_intake_review_state")

    def _order_intake_lines_payload(self):
        """Final lines of the document: implemented by each model."""
        return []

    @api.model
    def _order_intake_line_payload(self, line, qty, uom):
        """One line of a `draft.reviewed` payload, the same shape for every model."""
        product = line.product_id
        return {
            "line_id": line.id,
            "product_id": product.id or None,
            "default_code": product.default_code or None,
            "name": line.name,
            "qty": qty,
            "uom": uom.name or None,
            "uom_id": uom.id or None,
            "price": line.price_unit,
            "discount": line.discount,
        }

    def _order_intake_review_payload(self, decision):
        self.ensure_one()
        user = self.env.user
        partner = self["partner_id"] if "partner_id" in self._fields else False
        return {
            "model": self._name,
            "res_id": self.id,
            "name": self.display_name,
            "decision": decision,
            "review_state": self.order_intake_review_state,
            "message_id": self.order_intake_message_id or None,
            "intake_log_id": self.order_intake_log_id.id or None,
            "partner_id": partner.id if partner else None,
            "currency": self["currency_id"].name if "currency_id" in self._fields else None,
            "amount_total": self["amount_total"] if "amount_total" in self._fields else None,
            "user": {"id": user.id, "login": user.login, "name": user.name},
            "lines": self._order_intake_lines_payload(),
        }

    def _order_intake_reviewed(self, decision):
        """Queue one draft.reviewed per AI draft; update the review state."""
        Delivery = self.env["order.intake.webhook.delivery"]
        new_state = DECISION_REVIEW_STATE.get(decision)
        for record in self:
            if new_state and record.order_intake_review_state != "automatic":
                record.sudo().with_context(order_intake_bridge=True).write(
                    {"order_intake_review_state": new_state}
                )
            company = record["company_id"] if "company_id" in record._fields else None
            Delivery._queue(
                "draft.reviewed",
                record._order_intake_review_payload(decision),
                company=company or None,
            )
