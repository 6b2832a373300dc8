# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import OrderIntakeCase


@tagged("post_install", "-at_install")
class TestReportsOutbound(OrderIntakeCase):
    def test_report_settings_in_settings_updated(self):
        settings = self.env["res.config.settings"].create(
            {
                "order_intake_report_enabled": True,
                "order_intake_report_frequency": "weekly",
                "order_intake_report_weekday": "4",
                "order_intake_report_time": 7.5,
                "order_intake_report_tz": "Europe/Berlin",
                "order_intake_report_recipients": "finance@example.com; boss@example.com",
            }
        )
        settings.execute()
        data = self.payload(self.deliveries("settings.updated")[-1])
        reports = data["reports"]
        self.assertEqual(reports["enabled"], True)
        self.assertEqual(reports["frequency"], "weekly")
        self.assertEqual(reports["weekday"], 4)
        self.assertEqual(reports["time"], "07:30")
        self.assertEqual(reports["time_zone"], "Europe/Berlin")
        self.assertEqual(reports["recipients"], ["finance@example.com", "boss@example.com"])

    def test_report_settings_need_valid_recipients(self):
        settings = self.env["res.config.settings"].create(
            {"order_intake_report_enabled": True, "order_intake_report_recipients": "not-an-address"}
        )
        with self.assertRaises(ValidationError):
            settings.execute()

    def test_send_test_queues_event(self):
        settings = self.env["res.config.settings"].create(
            {"order_intake_report_enabled": True, "order_intake_report_recipients": "finance@example.com"}
        )
        settings.action_order_intake_send_test_report()
        delivery = self.deliveries("report.test_requested")[-1]
        data = self.payload(delivery)
        self.assertEqual(data["recipients"], ["finance@example.com"])
        self.assertEqual(data["requested_by"]["id"], self.env.user.id)

    def test_report_log_written_by_bridge_read_by_users(self):
        Report = self.env["order.intake.report"]
        report = Report.with_user(self.bridge_user).create(
            {
                "name": "Report 2026-11-21",
                "bridge_run_id": 7,
                "state": "failed",
                "attempts": 1,
                "error": "SMTP: 421 try later",
                "figures": json.dumps({"ordersDrafted": 3, "failed": 1}),
            }
        )
        report.with_user(self.bridge_user).write({"state": "sent", "attempts": 2, "error": False})
        seen = Report.with_user(self.intake_user).search([("bridge_run_id", "=", 7)])
        self.assertEqual(seen, report)
        self.assertEqual(seen.state, "sent")
        self.assertIn("ordersDrafted: 3", seen.figures_display)
        with self.assertRaises(AccessError):
            report.with_user(self.intake_user).write({"state": "failed"})
        self.assertEqual(Report.search_count([("state", "=", "sent"), ("id", "=", report.id)]), 1)
        # the workbook the bridge attaches is what users download from the entry
        self.env["ir.attachment"].with_user(self.bridge_user).create(
            {
                "name": "order-intake-report-2026-11-21.xlsx",
                "datas": "UEsDBA==",
                "res_model": "order.intake.report",
                "res_id": report.id,
            }
        )
        seen.invalidate_recordset(["attachment_ids"])
        self.assertEqual(
            seen.attachment_ids.mapped("name"), ["order-intake-report-2026-11-21.xlsx"]
        )

    def test_outbound_endpoint_sent_to_bridge_secret_redacted(self):
        Endpoint = self.env["order.intake.outbound.endpoint"]
        endpoint = Endpoint.create(
            {"name": "ERP hooks", "url": "https://hooks.example.com/oi", "event_intake_failed": False}
        )
        delivery = self.deliveries("outbound.updated")[-1]
        data = self.payload(delivery)
        self.assertEqual(data["url"], "https://hooks.example.com/oi")
        self.assertEqual(data["events"], ["order.drafted", "order.approved", "order.rejected"])
        self.assertTrue(len(data["secret"]) >= 32)
        self.assertTrue(delivery.contains_secret)
        # once the bridge accepted it, the secret leaves the outbox
        self.assertNotIn("secret", json.loads(delivery._redacted_payload_vals()["payload"]))
        endpoint.write({"event_intake_failed": True})
        self.assertEqual(self.payload(self.deliveries("outbound.updated")[-1])["events"][-1], "intake.failed")
        endpoint_id = endpoint.id
        endpoint.unlink()
        self.assertEqual(self.payload(self.deliveries("outbound.deleted")[-1]), {"id": endpoint_id})
        with self.assertRaises(ValidationError):
            Endpoint.create({"name": "bad", "url": "ftp://x"})
        with self.assertRaises(AccessError):
            Endpoint.with_user(self.intake_user).create({"name": "x", "url": "https://x.example.com"})
