# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Outbox of signed webhooks to the bridge.

Contract (docs: /work/shared/DESIGN.md, "Contracts both sides must keep"):
``POST {bridge_url}/webhooks/odoo`` with the JSON body
``{"event", "delivery", "sent_at", "database", "company_id", "data"}`` serialised
once (compact separators, sorted keys) and signed with HMAC-SHA256 of those exact
bytes in ``X-Order-Intake-Signature-256: sha256=<hex>``.
"""

import hashlib
import hmac
import json
import logging
import threading
import uuid
from datetime import timedelta

import requests

from odoo import SUPERUSER_ID, _, api, fields, models

from ..compat import unique_keys

_logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/odoo"
#: (connect, read) timeout in seconds: a save in Odoo must never wait long.
REQUEST_TIMEOUT = (3, 5)
#: first retry after one minute, then doubling, capped at one hour
BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 3600
#: after this many failed attempts a delivery is marked failed
MAX_ATTEMPTS = 10
#: how long the previous secret is still used (on a 401) after a rotation
SECRET_ROTATION_WINDOW = timedelta(hours=24)

PARAM_URL = "order_intake.bridge_url"
PARAM_SECRET = "order_intake.webhook_secret"
PARAM_PREVIOUS_SECRET = "order_intake.webhook_secret_previous"
PARAM_PREVIOUS_UNTIL = "order_intake.webhook_secret_previous_until"

EVENTS = [
    ("settings.updated", "settings.updated"),
    ("mailbox.updated", "mailbox.updated"),
    ("mailbox.deleted", "mailbox.deleted"),
    ("mailbox.test_requested", "mailbox.test_requested"),
    ("mailbox.sync_requested", "mailbox.sync_requested"),
    ("intake.retry_requested", "intake.retry_requested"),
    ("document.uploaded", "document.uploaded"),
    ("draft.reviewed", "draft.reviewed"),
    ("report.test_requested", "report.test_requested"),
    ("outbound.updated", "outbound.updated"),
    ("outbound.deleted", "outbound.deleted"),
    ("ping", "ping"),
]


def sign_body(secret: str, body: bytes) -> str:
    """Return the ``X-Order-Intake-Signature-256`` header value for ``body``.

    Pure function: ``sha256=`` followed by the hex HMAC-SHA256 of the raw body bytes
    keyed with the webhook secret (UTF-8).
    """
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return "sha256=" + digest


def serialize_body(envelope: dict) -> bytes:
    """Serialise the envelope once; these exact bytes are signed and sent."""
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode("utf-8")


def format_sent_at(dt) -> str:
    """ISO-8601 UTC with a Z, second precision: ``2026-11-21T10:00:00Z``."""
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def backoff_delay(attempts: int) -> timedelta:
    """Delay before the next attempt after ``attempts`` failed attempts."""
    seconds = BACKOFF_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, BACKOFF_CAP_SECONDS))


def _in_test_mode():
    return getattr(threading.current_thread(), "testing", False)


class OrderIntakeWebhookDelivery(models.Model):
    _name = "order.intake.webhook.delivery"
    _description = "Order Intake webhook delivery (outbox)"
    _order = "id desc"
    _rec_name = "delivery"

    event = fields.Selection(EVENTS, required=True, index=True, readonly=True)
    delivery = fields.Char(
        string="Delivery ID",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=lambda self: str(uuid.uuid4()),
    )
    payload = fields.Text(
        help="JSON of the event's data. Secrets (a mailbox password) are removed "
        "from it once the bridge has accepted the delivery.",
        readonly=True,
    )
    contains_secret = fields.Boolean(readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
        default="pending",
        required=True,
        index=True,
        readonly=True,
    )
    attempts = fields.Integer(readonly=True)
    next_attempt = fields.Datetime(
        default=fields.Datetime.now, index=True, readonly=True
    )
    last_attempt = fields.Datetime(readonly=True)
    sent_at = fields.Char(
        string="Last sent_at", readonly=True, help="sent_at of the last attempt"
    )
    last_error = fields.Text(readonly=True)
    last_status_code = fields.Integer(readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        index=True,
    )

    unique_keys(locals(), [
        ("delivery_unique", "unique(delivery)", "The delivery id must be unique."),
    ])

    # ------------------------------------------------------------------ queueing
    @api.model
    def _queue(self, event, data, company=None, contains_secret=False):
        """Create a pending delivery and schedule its sending after commit.

        Always called with sudo internally: users do not need access to the outbox.
        """
        company = company or self.env.company
        delivery = self.sudo().create(
            {
                "event": event,
                "payload": json.dumps(data, sort_keys=True, default=str),
                "company_id": company.id,
                "contains_secret": contains_secret,
            }
        )
        delivery._schedule_postcommit()
        return delivery

    def _schedule_postcommit(self):
        """Send after the current transaction commits, in a new cursor.

        Nothing is sent if the transaction rolls back. If sending fails, the
        delivery stays pending and the cron retries it.
        """
        postcommit = self.env.cr.postcommit
        key = "order_intake.delivery_ids"
        pending = postcommit.data.get(key)
        if pending is None:
            pending = postcommit.data[key] = []
            registry = self.env.registry

            def _send_after_commit():
                ids = postcommit.data.pop(key, pending)
                try:
                    with registry.cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, {})
                        env[self._name].browse(ids)._send_locked(stop_on_error=True)
                except Exception:  # never break the user's request
                    _logger.exception("Order Intake: post-commit webhook sending failed")

            postcommit.add(_send_after_commit)
        pending.extend(self.ids)

    # ------------------------------------------------------------------ sending
    def _lock_pending(self, limit=None):
        """Ids among self (or all due ones if self is empty) that this cursor locks."""
        self.flush_model(["state", "next_attempt"])
        if self:
            self.env.cr.execute(
                f"""SELECT id FROM {self._table}
                     WHERE id IN %s AND state = 'pending'
                     ORDER BY id FOR UPDATE SKIP LOCKED""",
                [tuple(self.ids)],
            )
        else:
            self.env.cr.execute(
                f"""SELECT id FROM {self._table}
                     WHERE state = 'pending' AND next_attempt <= %s
                     ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
                [fields.Datetime.now(), limit or 100],
            )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _send_locked(self, stop_on_error=False):
        deliveries = self._lock_pending()
        for delivery in deliveries:
            ok = delivery._send_one()
            if not ok and stop_on_error:
                break
        return deliveries

    @api.model
    def _cron_send_pending(self, limit=100, autocommit=True):
        """Cron: send the due pending deliveries, oldest first."""
        deliveries = self.browse()._lock_pending(limit=limit)
        for delivery in deliveries:
            delivery._send_one()
            if autocommit and not _in_test_mode():
                self.env.cr.commit()  # pylint: disable=invalid-commit
        self._gc_sent()
        return deliveries

    @api.model
    def _gc_sent(self, days=30):
        limit = fields.Datetime.now() - timedelta(days=days)
        self.sudo().search(
            [("state", "=", "sent"), ("last_attempt", "<", limit)], limit=1000
        ).unlink()

    def _get_secrets(self):
        """Current secret, and the previous one while the rotation window is open."""
        params = self.env["ir.config_parameter"].sudo()
        current = params.get_param(PARAM_SECRET) or ""
        previous = params.get_param(PARAM_PREVIOUS_SECRET) or ""
        until = params.get_param(PARAM_PREVIOUS_UNTIL)
        if previous and until:
            try:
                if fields.Datetime.to_datetime(until) < fields.Datetime.now():
                    previous = ""
            except ValueError:
                previous = ""
        else:
            previous = ""
        return current, previous

    def _build_envelope(self, sent_at):
        self.ensure_one()
        return {
            "event": self.event,
            "delivery": self.delivery,
            "sent_at": sent_at,
            "database": self.env.cr.dbname,
            "company_id": self.company_id.id,
            "data": json.loads(self.payload or "{}"),
        }

    def _post(self, url, body, secret):
        headers = {
            "Content-Type": "application/json",
            "X-Order-Intake-Event": self.event,
            "X-Order-Intake-Delivery": self.delivery,
            "X-Order-Intake-Signature-256": sign_body(secret, body),
        }
        return requests.post(url, data=body, headers=headers, timeout=REQUEST_TIMEOUT)

    def _send_one(self):
        """One attempt: re-sign with a fresh sent_at under the same delivery id.

        Returns True when the bridge accepted the delivery (2xx). Never raises for
        network or HTTP errors: they are recorded and retried with backoff.
        """
        self.ensure_one()
        now = fields.Datetime.now()
        base_url = (
            self.env["ir.config_parameter"].sudo().get_param(PARAM_URL) or ""
        ).strip()
        current, previous = self._get_secrets()
        if not base_url or not current:
            # not an attempt: nothing could be sent; keep it pending
            self.write(
                {
                    "last_error": _("Bridge URL or webhook secret not configured."),
                    "next_attempt": now + timedelta(minutes=5),
                }
            )
            return False
        url = base_url.rstrip("/") + WEBHOOK_PATH
        sent_at = format_sent_at(now)
        body = serialize_body(self._build_envelope(sent_at))
        status, error = 0, False
        try:
            response = self._post(url, body, current)
            status = response.status_code
            if status == 401 and previous:
                # the bridge may still have the previous secret (rotation window)
                response = self._post(url, body, previous)
                status = response.status_code
            if not 200 <= status < 300:
                error = _("HTTP %(status)s: %(text)s") % {
                    "status": status,
                    "text": (response.text or "")[:500],
                }
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"
        attempts = self.attempts + 1
        vals = {
            "attempts": attempts,
            "last_attempt": now,
            "sent_at": sent_at,
            "last_status_code": status,
        }
        if not error:
            vals.update(state="sent", last_error=False)
            if self.contains_secret:
                vals.update(self._redacted_payload_vals())
                self._on_secret_result(delivered=True)
            self.write(vals)
            return True
        _logger.info(
            "Order Intake: delivery %s (%s) attempt %s failed: %s",
            self.delivery,
            self.event,
            attempts,
            error,
        )
        vals["last_error"] = error
        if attempts >= MAX_ATTEMPTS:
            vals["state"] = "failed"
            if self.contains_secret:
                # do not keep a password that could not be delivered
                vals.update(self._redacted_payload_vals())
                self._on_secret_result(delivered=False)
        else:
            vals["next_attempt"] = now + backoff_delay(attempts)
        self.write(vals)
        return False

    def _redacted_payload_vals(self):
        data = json.loads(self.payload or "{}")
        data.pop("password", None)
        data.pop("secret", None)  # an outbound endpoint's signing key
        return {"payload": json.dumps(data, sort_keys=True), "contains_secret": False}

    def _on_secret_result(self, delivered):
        if self.event != "mailbox.updated":
            return
        data = json.loads(self.payload or "{}")
        mailbox = self.env["order.intake.mailbox"].sudo().browse(data.get("id")).exists()
        if not mailbox:
            return
        mailbox = mailbox.with_context(order_intake_bridge=True, active_test=False)
        if delivered:
            mailbox.write({"password_state": "sent"})
            return
        mailbox.write(
            {
                "password_state": "lost",
                "status": "error",
                "last_error": _(
                    "The password could not be delivered to the bridge "
                    "and was discarded. Enter it again."
                ),
            }
        )

    # ------------------------------------------------------------------ buttons
    def action_retry(self):
        """Manager: put failed deliveries back in the queue and try now."""
        retry = self.filtered(lambda d: d.state == "failed")
        retry.write(
            {"state": "pending", "attempts": 0, "next_attempt": fields.Datetime.now()}
        )
        retry._schedule_postcommit()
        return True

    def action_send_now(self):
        pending = self.filtered(lambda d: d.state == "pending")
        pending.write({"next_attempt": fields.Datetime.now()})
        pending._schedule_postcommit()
        return True
