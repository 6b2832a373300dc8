# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Order Intake - Inventory",
    "summary": "Glue between Order Intake and Inventory: import shipping notices "
    "from the Inventory menu, intake log of the Inventory module",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/order-intake/order-intake",
    "author": "Order Intake contributors",
    "license": "AGPL-3",
    "installable": True,
    # installed by itself when both are: Order Intake stays installable without Inventory
    "auto_install": True,
    "depends": ["order_intake", "stock"],
    "data": [
        "security/order_intake_stock_security.xml",
        "views/order_intake_stock_menus.xml",
    ],
}
