# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

#: events the bridge sends to registered URLs (docs: readme/CONFIGURE.md)
OUTBOUND_EVENTS = ["order.drafted", "order.approved", "order.rejected", "intake.failed"]
EVENT_FIELDS = {
    "order.drafted": "event_order_drafted",
    "order.approved": "event_order_approved",
    "order.rejected": "event_order_rejected",
    "intake.failed": "event_intake_failed",
}
SYNCED_FIELDS = ["name", "url", "active", "secret", *EVENT_FIELDS.values()]


class OrderIntakeOutboundEndpoint(models.Model):
    """A URL of another system that the bridge notifies of order events.

    Deliveries are signed like Odoo's own webhooks to the bridge: the header
    ``X-Order-Intake-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`` keyed
    with this endpoint's secret. The bridge keeps the delivery log and retries.
    """

    _name = "order.intake.outbound.endpoint"
    _description = "Order Intake outbound event endpoint"
    _order = "name, id"

    name = fields.Char(required=True)
    url = fields.Char(string="URL", required=True)
    secret = fields.Char(
        required=True,
        copy=False,
        groups="base.group_system",
        default=lambda self: secrets.token_urlsafe(32),
        help="Key of the HMAC-SHA256 signature; give it to the receiving system.",
    )
    active = fields.Boolean(default=True)
    event_order_drafted = fields.Boolean(string="order.drafted", default=True)
    event_order_approved = fields.Boolean(string="order.approved", default=True)
    event_order_rejected = fields.Boolean(string="order.rejected", default=True)
    event_intake_failed = fields.Boolean(string="intake.failed", default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains("url")
    def _check_url(self):
        for endpoint in self:
            if not (endpoint.url or "").startswith(("https://", "http://")):
                raise ValidationError(_("The URL must start with https:// (or http://)."))

    def _bridge_payload(self):
        self.ensure_one()
        endpoint = self.sudo()
        return {
            "id": endpoint.id,
            "name": endpoint.name,
            "url": endpoint.url,
            "active": endpoint.active,
            "secret": endpoint.secret,
            "events": [event for event, fname in EVENT_FIELDS.items() if endpoint[fname]],
        }

    def _send_updated(self):
        Delivery = self.env["order.intake.webhook.delivery"]
        for endpoint in self:
            Delivery._queue(
                "outbound.updated",
                endpoint._bridge_payload(),
                company=endpoint.company_id,
                contains_secret=True,
            )

    @api.model_create_multi
    def create(self, vals_list):
        endpoints = super().create(vals_list)
        endpoints._send_updated()
        return endpoints

    def write(self, vals):
        res = super().write(vals)
        if set(vals) & set(SYNCED_FIELDS):
            self._send_updated()
        return res

    def unlink(self):
        data = [({"id": e.id}, e.company_id) for e in self]
        res = super().unlink()
        for payload, company in data:
            self.env["order.intake.webhook.delivery"]._queue(
                "outbound.deleted", payload, company=company
            )
        return res

    def action_rotate_secret(self):
        self.write({"secret": secrets.token_urlsafe(32)})
