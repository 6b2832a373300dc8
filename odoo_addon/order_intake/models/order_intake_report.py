# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models

from ..compat import unique_keys

REPORT_STATES = [("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")]


class OrderIntakeReport(models.Model):
    """One scheduled (or test) report the bridge built and emailed: its status and key figures.

    Written by the bridge (one record per bridge run, found again by ``bridge_run_id``);
    read-only for users.
    """

    _name = "order.intake.report"
    _description = "Order Intake report (send log)"
    _order = "period_end desc, id desc"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [("scheduled", "Scheduled"), ("test", "Test")], required=True, default="scheduled"
    )
    bridge_run_id = fields.Integer(string="Bridge Run", index=True, readonly=True)
    period_start = fields.Datetime()
    period_end = fields.Datetime(index=True)
    recipients = fields.Char()
    state = fields.Selection(REPORT_STATES, required=True, default="pending", index=True)
    attempts = fields.Integer()
    error = fields.Text()
    sent_at = fields.Datetime()
    emails_received = fields.Integer()
    orders_drafted = fields.Integer()
    failed_count = fields.Integer(string="Failed")
    touchless_rate = fields.Float(string="Touchless (%)", digits=(5, 1))
    figures = fields.Text(string="Figures (JSON)", help="JSON of every figure of the report's summary.")
    figures_display = fields.Text(string="Figures", compute="_compute_figures_display")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Workbook",
        compute="_compute_attachment_ids",
        help="The .xlsx that was emailed, attached by the bridge.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    unique_keys(locals(), [
        (
            "bridge_run_unique",
            "unique(company_id, bridge_run_id)",
            "One log entry per bridge report run.",
        ),
    ])

    def _compute_attachment_ids(self):
        groups = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).grouped("res_id")
        for report in self:
            report.attachment_ids = groups.get(report.id, self.env["ir.attachment"])

    @api.depends("figures")
    def _compute_figures_display(self):
        for report in self:
            try:
                data = json.loads(report.figures or "{}")
            except ValueError:
                data = {}
            report.figures_display = "\n".join(
                f"{key}: {value}" for key, value in sorted(data.items())
            )
