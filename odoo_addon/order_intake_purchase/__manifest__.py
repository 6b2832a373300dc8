# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Order Intake - Purchase",
    "summary": "Glue between Order Intake and Purchase: import supplier documents "
    "from the Purchase menu, intake log of the Purchase module",
    "version": "18.0.1.0.0",
    "category": "Inventory/Purchase",
    "website": "https://github.com/order-intake/order-intake",
    "author": "Order Intake contributors",
    "license": "AGPL-3",
    "installable": True,
    # installed by itself when both are: Order Intake stays installable without Purchase
    "auto_install": True,
    "depends": ["order_intake", "purchase"],
    "data": [
        "security/order_intake_purchase_security.xml",
        "views/order_intake_purchase_menus.xml",
    ],
}
