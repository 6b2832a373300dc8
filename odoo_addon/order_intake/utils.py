# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Small pure helpers shared by the models (no ORM)."""

import json

from markupsafe import Markup, escape

MODULES = [
    ("sales", "Sales"),
    ("purchase", "Purchase"),
    ("invoicing", "Invoicing"),
    ("inventory", "Inventory"),
    ("hr", "HR"),
]
MODULE_KEYS = [key for key, _label in MODULES]
# The Odoo app each module needs (technical name, app name shown to the admin). Sales needs
# sale_management, a dependency of this addon; the others are optional and detected at runtime.
MODULE_APPS = {
    "sales": ("sale_management", "Sales"),
    "purchase": ("purchase", "Purchase"),
    "invoicing": ("account", "Invoicing"),
    "inventory": ("stock", "Inventory"),
    "hr": ("hr_expense", "Expenses"),
}


def _reason_text(item):
    if isinstance(item, dict):
        message = (
            item.get("message")
            or item.get("text")
            or item.get("reason")
            or item.get("detail")
        )
        code = item.get("code") or item.get("type")
        weight = item.get("weight", item.get("impact"))
        parts = []
        if message:
            parts.append(str(message))
        elif code:
            parts.append(str(code))
        else:
            parts.append(", ".join(f"{k}: {v}" for k, v in item.items()))
        extra = [str(code)] if code and message else []
        if weight not in (None, ""):
            extra.append(str(weight))
        if extra:
            parts.append("(" + ", ".join(extra) + ")")
        return " ".join(parts)
    return str(item)


def reasons_to_list(value, severities=None):
    """Reasons as stored by the bridge (JSON list/dict or plain text) -> lines; with
    ``severities``, only the reasons of those severities (a list of dicts)."""
    if not value:
        return []
    if severities is not None:
        try:
            data = json.loads(value)
        except (TypeError, ValueError):
            return []
        if isinstance(data, dict):
            data = data.get("reasons", [])
        if not isinstance(data, list):
            return []
        return [
            _reason_text(item)
            for item in data
            if isinstance(item, dict) and item.get("severity") in severities
        ]
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return [line.strip("-• \t") for line in str(value).splitlines() if line.strip()]
    if isinstance(data, dict):
        if isinstance(data.get("reasons"), list):
            data = data["reasons"]
        else:
            return [f"{key}: {_reason_text(val)}" for key, val in data.items()]
    if isinstance(data, list):
        return [_reason_text(item) for item in data]
    return [str(data)]


def reasons_to_html(value, severities=None):
    lines = reasons_to_list(value, severities)
    if not lines:
        return False
    items = Markup("").join(Markup("<li>%s</li>") % escape(line) for line in lines)
    return Markup("<ul class='mb-0'>%s</ul>") % items


def missing_fields_html(missing, reasons_value):
    """Required fields an AI draft lacks, each with why: ``missing`` is a list of
    ``(label, reason codes, default reason)``; a bridge reason with one of the codes
    (severity hard/warning) gives the reason shown."""
    if not missing:
        return False
    try:
        data = json.loads(reasons_value or "[]")
    except (TypeError, ValueError):
        data = []
    if isinstance(data, dict):
        data = data.get("reasons", [])
    by_code = {
        item.get("code"): item.get("message")
        for item in data
        if isinstance(item, dict) and item.get("code")
    }
    items = Markup("").join(
        Markup("<li><strong>%s</strong>: %s</li>")
        % (label, next((by_code[c] for c in codes if by_code.get(c)), default))
        for label, codes, default in missing
    )
    return Markup("<ul class='mb-0'>%s</ul>") % items
