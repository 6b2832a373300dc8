# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What differs between the Odoo series this addon runs on (17.0, 18.0, 19.0) in Python.

Differences in XML (view tags, groups) are written per series by scripts/build_addons.py;
the ones below are decided here, at import, from the running server's version, so that
the model files stay the same on every series.
"""

from odoo import release

#: 17, 18, 19...
ODOO_MAJOR = release.version_info[0]

#: 19 ignores ``_sql_constraints`` (with a warning) and reads ``models.Constraint``
#: class attributes instead; before 19 ``models.Constraint`` does not exist.
USE_MODEL_CONSTRAINTS = ODOO_MAJOR >= 19

#: unit of measure of a sale order line (``product_uom`` until 18)
SALE_LINE_UOM = "product_uom_id" if ODOO_MAJOR >= 19 else "product_uom"

#: groups of a user / a menu (``groups_id`` until 18)
GROUPS_FIELD = "group_ids" if ODOO_MAJOR >= 19 else "groups_id"


def unique_keys(namespace, keys):
    """Declare unique keys in a model's class body, the way the running series reads them.

    ``keys`` is a list of ``(name, definition, message)`` as in ``_sql_constraints``; call
    it as ``unique_keys(locals(), [...])``. The database constraint is named
    ``<table>_<name>`` on every series, so a database upgraded from 18 keeps its own.
    """
    if USE_MODEL_CONSTRAINTS:
        from odoo import models

        for name, definition, message in keys:
            namespace[f"_{name}"] = models.Constraint(definition, message)
    else:
        namespace["_sql_constraints"] = list(keys)


def bus_send(partner, notification_type, payload):
    """Send a bus notification to a partner (``_bus_send`` exists from 18)."""
    if hasattr(partner, "_bus_send"):
        partner._bus_send(notification_type, payload)
    else:
        partner.env["bus.bus"]._sendone(partner, notification_type, payload)


def check_access(records, operation):
    """records.check_access(operation) from 18 on; its two halves on 17."""
    if hasattr(records, "check_access"):
        return records.check_access(operation)
    records.check_access_rights(operation)
    records.check_access_rule(operation)
    return None
