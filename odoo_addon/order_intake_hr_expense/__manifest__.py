# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Order Intake - Expenses",
    "summary": "Glue between Order Intake and Expenses: employees import their "
    "receipts, which become draft expenses",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Expenses",
    "website": "https://github.com/order-intake/order-intake",
    "author": "Order Intake contributors",
    "license": "AGPL-3",
    "installable": True,
    # installed by itself when both are: Order Intake stays installable without Expenses
    "auto_install": True,
    "depends": ["order_intake", "hr_expense"],
    "data": [
        "security/order_intake_hr_expense_security.xml",
        "security/ir.model.access.csv",
        "views/order_intake_hr_expense_menus.xml",
    ],
}
