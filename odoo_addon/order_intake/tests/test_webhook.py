# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import datetime, timedelta
from pathlib import Path

import requests
from freezegun import freeze_time

from odoo.tests import tagged

from ..models.order_intake_webhook_delivery import (
    MAX_ATTEMPTS,
    backoff_delay,
    format_sent_at,
    serialize_body,
    sign_body,
)
from .common import OrderIntakeCase, fake_response

VECTOR_PATH = Path(__file__).parent / "webhook_test_vector.json"
EXPECTED_SIGNATURE = (
    "sha256=489751c0a8ef3c21146341faa71b1cc3148814e3d73293049c05e11baf4fe863"
)


@tagged("post_install", "-at_install")
class TestWebhook(OrderIntakeCase):
    def test_shared_test_vector(self):
        vector = json.loads(VECTOR_PATH.read_text())
        self.assertEqual(vector["secret"], "oi-test-secret")
        self.assertEqual(vector["signature"], EXPECTED_SIGNATURE)
        self.assertEqual(
            sign_body(vector["secret"], vector["body"].encode("utf-8")),
            EXPECTED_SIGNATURE,
        )
        envelope = {
            "event": "ping",
            "delivery": "0b0f2d52-3a0c-4a8e-9d53-3f0a4c2f8e11",
            "sent_at": format_sent_at(datetime(2026, 11, 21, 10, 0, 0)),
            "database": "odoo",
            "company_id": 1,
            "data": {},
        }
        # the serialiser produces exactly the vector's bytes
        self.assertEqual(serialize_body(envelope), vector["body"].encode("utf-8"))

    def test_outbox_signs_the_exact_bytes_sent(self):
        delivery = self.Delivery._queue("ping", {})
        with self.patch_post(return_value=fake_response(202)) as post:
            self.Delivery._cron_send_pending(autocommit=False)
        self.assertEqual(post.call_count, 1)
        args, kwargs = post.call_args
        self.assertEqual(args[0], "https://bridge.test/webhooks/odoo")
        body = kwargs["data"]
        headers = kwargs["headers"]
        self.assertIsInstance(body, bytes)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(headers["X-Order-Intake-Event"], "ping")
        self.assertEqual(headers["X-Order-Intake-Delivery"], delivery.delivery)
        self.assertEqual(
            headers["X-Order-Intake-Signature-256"], sign_body("oi-test-secret", body)
        )
        self.assertLessEqual(kwargs["timeout"][1], 5)
        sent = json.loads(body)
        self.assertEqual(
            set(sent), {"event", "delivery", "sent_at", "database", "company_id", "data"}
        )
        self.assertEqual(sent["database"], self.env.cr.dbname)
        self.assertEqual(sent["company_id"], self.env.company.id)
        self.assertRegex(sent["sent_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(body, serialize_body(sent))
        self.assertEqual(delivery.state, "sent")
        self.assertEqual(delivery.attempts, 1)
        self.assertEqual(delivery.last_status_code, 202)

    def test_queue_registers_postcommit_sending(self):
        delivery = self.Delivery._queue("ping", {"x": 1})
        self.assertIn(
            delivery.id, self.env.cr.postcommit.data.get("order_intake.delivery_ids", [])
        )
        self.assertEqual(delivery.state, "pending")

    def test_retry_backoff_and_give_up(self):
        t0 = datetime(2026, 11, 21, 10, 0, 0)
        with freeze_time(t0):
            delivery = self.Delivery._queue("ping", {})
        bodies = []

        def fail(url, data=None, headers=None, timeout=None):
            bodies.append((data, headers))
            raise requests.ConnectionError("bridge down")

        with self.patch_post(side_effect=fail):
            with freeze_time(t0):
                self.Delivery._cron_send_pending(autocommit=False)
            self.assertEqual(delivery.state, "pending")
            self.assertEqual(delivery.attempts, 1)
            self.assertEqual(delivery.next_attempt, t0 + timedelta(minutes=1))
            self.assertIn("bridge down", delivery.last_error)
            # not due yet: nothing sent
            with freeze_time(t0 + timedelta(seconds=30)):
                self.Delivery._cron_send_pending(autocommit=False)
            self.assertEqual(len(bodies), 1)
            t1 = t0 + timedelta(minutes=1, seconds=5)
            with freeze_time(t1):
                self.Delivery._cron_send_pending(autocommit=False)
            self.assertEqual(delivery.attempts, 2)
            self.assertEqual(delivery.next_attempt, t1 + timedelta(minutes=2))
        first, second = (json.loads(body) for body, _headers in bodies)
        self.assertEqual(first["delivery"], second["delivery"])
        self.assertNotEqual(first["sent_at"], second["sent_at"])
        self.assertEqual(second["sent_at"], "2026-11-21T10:01:05Z")
        for body, headers in bodies:
            self.assertEqual(headers["X-Order-Intake-Delivery"], delivery.delivery)
            self.assertEqual(
                headers["X-Order-Intake-Signature-256"], sign_body("oi-test-secret", body)
            )
        # backoff doubles and is capped
        self.assertEqual(backoff_delay(3), timedelta(minutes=4))
        self.assertEqual(backoff_delay(30), timedelta(hours=1))
        # give up after MAX_ATTEMPTS
        delivery.write(
            {"attempts": MAX_ATTEMPTS - 1, "next_attempt": datetime.now() - timedelta(minutes=1)}
        )
        with self.patch_post(return_value=fake_response(500, "boom")):
            self.Delivery._cron_send_pending(autocommit=False)
        self.assertEqual(delivery.state, "failed")
        self.assertEqual(delivery.attempts, MAX_ATTEMPTS)
        self.assertEqual(delivery.last_status_code, 500)
        self.assertIn("boom", delivery.last_error)
        # a manager can put it back in the queue
        delivery.action_retry()
        self.assertEqual((delivery.state, delivery.attempts), ("pending", 0))

    def test_previous_secret_used_on_401_during_rotation(self):
        params = self.env["ir.config_parameter"].sudo()
        settings = self.env["res.config.settings"].create({})
        settings.action_order_intake_rotate_secret()
        new_secret = params.get_param("order_intake.webhook_secret")
        self.assertNotEqual(new_secret, "oi-test-secret")
        self.assertEqual(params.get_param("order_intake.webhook_secret_previous"), "oi-test-secret")
        delivery = self.Delivery._queue("ping", {})
        with self.patch_post(side_effect=[fake_response(401), fake_response(202)]) as post:
            self.Delivery._cron_send_pending(autocommit=False)
        self.assertEqual(post.call_count, 2)
        signatures = [c.kwargs["headers"]["X-Order-Intake-Signature-256"] for c in post.call_args_list]
        body = post.call_args_list[0].kwargs["data"]
        self.assertEqual(signatures, [sign_body(new_secret, body), sign_body("oi-test-secret", body)])
        self.assertEqual(delivery.state, "sent")

    def test_missing_url_is_not_an_attempt(self):
        self.env["ir.config_parameter"].sudo().set_param("order_intake.bridge_url", False)
        delivery = self.Delivery._queue("ping", {})
        with self.patch_post() as post:
            self.Delivery._cron_send_pending(autocommit=False)
        post.assert_not_called()
        self.assertEqual((delivery.state, delivery.attempts), ("pending", 0))
        self.assertTrue(delivery.last_error)
