# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import OrderIntakeCase, fake_response


@tagged("post_install", "-at_install")
class TestMailbox(OrderIntakeCase):
    def _mailbox(self, **vals):
        values = {
            "name": "Sales orders",
            "email": "orders@example.com",
            "module": "sales",
            "imap_host": "imap.example.com",
            "username": "orders@example.com",
        }
        values.update(vals)
        return self.env["order.intake.mailbox"].with_user(self.intake_manager).create(values)

    def test_password_not_kept_after_it_was_sent(self):
        mailbox = self._mailbox(password="s3cret!")
        self.env.flush_all()
        # never stored on the mailbox
        self.assertFalse(mailbox.password)
        self.assertFalse(mailbox._fields["password"].store)
        self.assertEqual(mailbox.password_state, "queued")
        delivery = self.deliveries("mailbox.updated")[-1]
        data = self.payload(delivery)
        self.assertEqual(data["password"], "s3cret!")
        self.assertEqual(data["id"], mailbox.id)
        self.assertEqual(data["module"], "sales")
        self.assertTrue(delivery.contains_secret)
        with self.patch_post(return_value=fake_response(202)) as post:
            self.Delivery._cron_send_pending(autocommit=False)
        self.assertIn(b"s3cret!", post.call_args.kwargs["data"])
        self.assertEqual(delivery.state, "sent")
        self.assertNotIn("password", self.payload(delivery))
        self.assertNotIn("s3cret!", delivery.payload)
        self.assertFalse(delivery.contains_secret)
        self.assertEqual(mailbox.password_state, "sent")
        # nothing left anywhere in the database
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(*) FROM order_intake_webhook_delivery WHERE payload LIKE %s",
            ["%s3cret!%"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_password_dropped_when_delivery_gives_up(self):
        mailbox = self._mailbox()
        mailbox.write({"password": "other"})
        delivery = self.deliveries("mailbox.updated")[-1]
        self.assertTrue(delivery.contains_secret)
        delivery.write({"attempts": 9})
        with self.patch_post(return_value=fake_response(503)):
            self.Delivery._cron_send_pending(autocommit=False)
        self.assertEqual(delivery.state, "failed")
        self.assertNotIn("other", delivery.payload)
        self.assertEqual(mailbox.password_state, "lost")
        self.assertEqual(mailbox.status, "error")

    def test_update_buttons_and_delete(self):
        mailbox = self._mailbox()
        count = len(self.deliveries("mailbox.updated"))
        mailbox.write({"processed_folder": "Done"})
        self.assertEqual(len(self.deliveries("mailbox.updated")), count + 1)
        data = self.payload(self.deliveries("mailbox.updated")[-1])
        self.assertEqual(data["processed_folder"], "Done")
        self.assertNotIn("password", data)
        mailbox.action_test_connection()
        mailbox.action_sync_now()
        self.assertEqual(self.payload(self.deliveries("mailbox.test_requested")[-1])["mailbox_id"], mailbox.id)
        self.assertEqual(self.payload(self.deliveries("mailbox.sync_requested")[-1])["mailbox_id"], mailbox.id)
        self.assertEqual(mailbox.status, "pending")
        # the bridge reports back: no mailbox.updated for that
        count = len(self.deliveries("mailbox.updated"))
        mailbox.with_user(self.bridge_user).write(
            {"status": "ok", "last_sync": "2026-11-21 10:00:00", "last_error": False}
        )
        self.assertEqual(mailbox.status, "ok")
        self.assertEqual(len(self.deliveries("mailbox.updated")), count)
        with self.assertRaises(AccessError):
            mailbox.with_user(self.bridge_user).write({"imap_host": "evil.example.com"})
        mailbox_id = mailbox.id
        mailbox.unlink()
        deleted = self.payload(self.deliveries("mailbox.deleted")[-1])
        self.assertEqual(deleted["id"], mailbox_id)

    def test_provider_presets(self):
        form = Form(self.env["order.intake.mailbox"].with_user(self.intake_manager))
        form.name = "Gmail box"
        form.email = "po@example.com"
        form.provider = "gmail"
        self.assertEqual(form.imap_host, "imap.gmail.com")
        self.assertEqual(form.smtp_host, "smtp.gmail.com")
        form.provider = "outlook"
        self.assertEqual(form.imap_host, "outlook.office365.com")
        form.provider = "yahoo"
        self.assertEqual(form.smtp_port, 465)
        form.password = "typed-in-form"
        mailbox = form.save()
        self.assertFalse(mailbox.password)
        self.assertEqual(self.payload(self.deliveries("mailbox.updated")[-1])["password"], "typed-in-form")

    def test_bridge_reports_findings_and_counts(self):
        mailbox = self._mailbox()
        as_bridge = mailbox.with_user(self.bridge_user)
        as_bridge.write(
            {
                "status": "ok",
                "last_error": False,
                "last_test": "2026-11-21 10:00:00",
                "test_findings": "! folder Processed missing: it will be created when the first email is moved there\n"
                "✓ IMAP: logged in to imap.example.com:993 as orders@example.com (SSL/TLS)",
            }
        )
        self.assertIn("folder Processed missing", mailbox.test_findings)
        as_bridge.write(
            {
                "last_sync": "2026-11-21 10:05:00",
                "counts_date": "2026-11-21",
                "received_today": 12,
                "drafted_today": 8,
                "review_today": 3,
                "failed_today": 1,
            }
        )
        self.assertEqual(
            (mailbox.received_today, mailbox.drafted_today, mailbox.review_today, mailbox.failed_today),
            (12, 8, 3, 1),
        )
        # none of these is a setting: no mailbox.updated goes back to the bridge
        count = len(self.deliveries("mailbox.updated"))
        as_bridge.write({"received_today": 13})
        self.assertEqual(len(self.deliveries("mailbox.updated")), count)
        # a new test clears the old findings until the bridge answers
        mailbox.action_test_connection()
        self.assertFalse(mailbox.test_findings)
        self.assertEqual(mailbox.status, "pending")
        self.assertEqual(mailbox.received_today, 13)
