# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from psycopg2 import errors

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..compat import unique_keys
from ..utils import reasons_to_html

REVIEW_STATES = [
    ("to_review", "To review"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("automatic", "Automatic"),
]

#: decision sent in draft.reviewed -> review state set on the document
DECISION_REVIEW_STATE = {"confirmed": "approved", "cancelled": "rejected"}

#: first words of the chatter note the bridge posts on a draft (how a note already posted is found)
NOTE_MARK = "Order Intake extraction"


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
    order_intake_warnings_html = fields.Html(
        string="AI Warnings",
        compute="_compute_order_intake_reasons_html",
        sanitize=True,
        help="The reasons of severity warning or hard: what a person must check.",
    )
    order_intake_message_id = fields.Char(
        string="Source Message-ID",
        copy=False,
        index=True,
        readonly=True,
        help="Message-ID of the source email: the bridge's idempotency key.",
    )

    # one draft per source message, whatever the bridge retries (NULLs are not compared)
    unique_keys(locals(), [
        (
            "order_intake_message_id_unique",
            "unique(order_intake_message_id)",
            "A draft already exists for this source message (order_intake_message_id).",
        ),
    ])

    @api.depends("order_intake_reasons")
    def _compute_order_intake_reasons_html(self):
        for record in self:
            record.order_intake_reasons_html = reasons_to_html(
                record.order_intake_reasons
            )
            record.order_intake_warnings_html = reasons_to_html(
                record.order_intake_reasons, severities=("warning", "hard")
            )

    # ------------------------------------------------------------------ bridge API
    @api.model
    def order_intake_create_draft(self, vals, attachments=None, note=None, log_vals=None):
        """Create (or complete) one AI draft in one call and one transaction.

        The bridge's write-back: the document with all its lines (``vals``, which must carry
        ``order_intake_message_id``), its source files (``attachments``: ``[{"name", "datas"
        (base64), "mimetype"?}]``), a chatter note (``note``, plain text, escaped) carrying
        them, and its intake log entry (``log_vals``), linked both ways.

        Idempotent on ``order_intake_message_id``: when a document with that key exists (a
        call whose answer was lost, run again), nothing is created twice; what is missing
        (log, files, note) is added. The note is logged as an internal note (escaped, no
        notification, no follower added); it replaces Odoo's own "created" message, and the
        bridge's own writes are not tracked. Two calls racing on one key: the second waits for the
        first on the unique index, then is retried by Odoo (serialization failure) and finds
        the first one's draft.

        ``log_vals`` may carry ``reuse_log_id``: the email's entry (made when it was fetched) or
        the failed entry of an earlier attempt, which then becomes this draft's entry when it
        has no draft yet.

        The draft's owner (``user_id``), when ``vals`` has none: the customer's salesperson as
        Odoo itself chooses it, else the configured *AI Drafts Owner*, else the administrator.

        Returns ``{"id", "name", "log_id", "created", "attachment_ids"}``.
        """
        key = vals.get("order_intake_message_id")
        if not key:
            raise ValidationError(_("order_intake_create_draft needs order_intake_message_id."))
        # The bridge logs its own note: Odoo's "created" message, the caller's subscription as a
        # follower and the tracking values of a new record would only add work (and noise in the
        # chatter). Auto-subscription (the salesperson) still runs as for any create.
        self = self.with_context(
            order_intake_bridge=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
        )
        record = self.search([("order_intake_message_id", "=", key)], limit=1, order="id")
        created = False
        if not record and "user_id" in self._fields and not vals.get("user_id"):
            owner = self._order_intake_default_owner(vals.get("partner_id"))
            if owner:
                vals = dict(vals, user_id=owner.id)
        if not record:
            try:
                # the INSERT runs inside create(): a racing key fails here; the computed fields are
                # flushed at commit as for any create (no flush here: it would only add work)
                with self.env.cr.savepoint(flush=False):
                    record = self.create(vals)
                created = True
            except errors.UniqueViolation as exc:
                if "order_intake_message_id_unique" not in str(exc):
                    raise
                # The racing transaction has committed, but this one cannot see it (repeatable
                # read): fail as a serialization failure so Odoo runs the whole call again.
                self.env.cr.execute(
                    "DO $$ BEGIN RAISE EXCEPTION 'order_intake: draft written concurrently' "
                    "USING ERRCODE = 'serialization_failure'; END $$"
                )
        log = record._order_intake_ensure_log(log_vals, created) if log_vals is not None else None
        attachment_ids = record._order_intake_ensure_attachments(attachments or [], created)
        if note and (created or not record._order_intake_has_note()):
            # an internal note that notifies no one: logged, not posted (no follower is added)
            record._message_log(
                body=note, message_type="comment", attachment_ids=attachment_ids
            )
        return {
            "id": record.id,
            "name": record.display_name,
            "log_id": log.id if log else False,
            "created": created,
            "attachment_ids": attachment_ids,
        }

    def _order_intake_ensure_log(self, log_vals, created):
        self.ensure_one()
        Log = self.env["order.intake.log"]
        log_vals = dict(log_vals)
        # a retried email: its failed entry becomes this draft's entry (no second line in the log)
        reuse = Log.browse(log_vals.pop("reuse_log_id", None) or []).exists()
        log = self.order_intake_log_id
        if not log and not created:
            log = Log.search(
                [("res_model", "=", self._name), ("res_id", "=", self.id)], limit=1, order="id"
            )
        # the email's own entry (made when it was fetched), or a failed attempt's: completed, not doubled
        if not log and reuse and not reuse.res_id:
            log = reuse
            log.write(dict(log_vals, res_model=self._name, res_id=self.id, error=False))
        if not log:
            log = Log.create(dict(log_vals, res_model=self._name, res_id=self.id))
        if self.order_intake_log_id != log:
            self.write({"order_intake_log_id": log.id})
        return log

    def _order_intake_ensure_attachments(self, attachments, created):
        self.ensure_one()
        Attachment = self.env["ir.attachment"]
        existing = (
            Attachment
            if created
            else Attachment.search([("res_model", "=", self._name), ("res_id", "=", self.id)])
        )
        have = {a.name: a.id for a in existing}
        ids = list(have.values())
        missing = [a for a in attachments if a.get("name") and a["name"] not in have]
        if missing:
            for a in missing:
                # validates the base64 before anything is stored
                base64.b64decode(a.get("datas") or "", validate=True)
            new = Attachment.create(
                [
                    {
                        "name": a["name"],
                        "datas": a.get("datas") or "",
                        "res_model": self._name,
                        "res_id": self.id,
                        **({"mimetype": a["mimetype"]} if a.get("mimetype") else {}),
                    }
                    for a in missing
                ]
            )
            ids += new.ids
        return ids

    def _order_intake_has_note(self):
        self.ensure_one()
        return bool(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("body", "ilike", NOTE_MARK),
                ],
                limit=1,
            )
        )

    # ------------------------------------------------------------------ helpers
    @api.model
    def _order_intake_default_owner(self, partner_id):
        """Who owns a draft made from an email: the customer's salesperson (none returned: Odoo
        sets it), else the configured AI Drafts Owner, else the administrator."""
        partner = self.env["res.partner"].browse(partner_id or []).exists()
        if partner and (partner.user_id or partner.commercial_partner_id.user_id):
            return self.env["res.users"]
        param = self.env["ir.config_parameter"].sudo().get_param("order_intake.draft_user_id")
        try:
            owner = self.env["res.users"].sudo().browse(int(param or 0)).exists()
        except (TypeError, ValueError):
            owner = self.env["res.users"]
        return owner or self.env.ref("base.user_admin", raise_if_not_found=False) or self.env["res.users"]

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
            # a person's decision is the truth, also on a draft that was created automatically
            if new_state:
                record.sudo().with_context(order_intake_bridge=True).write(
                    {"order_intake_review_state": new_state}
                )
            company = record["company_id"] if "company_id" in record._fields else None
            Delivery._queue(
                "draft.reviewed",
                record._order_intake_review_payload(decision),
                company=company or None,
            )
