# Copyright 2026 Order Intake contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Order Intake",
    "summary": "Purchase orders by email become draft orders: settings, "
    "mailboxes, intake log, AI draft review and signed webhooks to the bridge",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/order-intake/order-intake",
    "author": "Order Intake contributors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    # "account" is already a dependency of "sale" (through account_payment); it is
    # listed because account.move receives the AI draft mixin. "purchase" is NOT a
    # dependency: see readme/CONFIGURE.md.
    "depends": ["base", "mail", "sale_management", "account"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/order_intake_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/order_intake_webhook_delivery_views.xml",
        "views/order_intake_log_views.xml",
        "views/order_intake_mailbox_views.xml",
        "views/order_intake_product_alias_views.xml",
        "views/order_intake_report_views.xml",
        "views/order_intake_outbound_endpoint_views.xml",
        "views/sale_order_views.xml",
        "views/account_move_views.xml",
        "wizards/order_intake_secret_wizard_views.xml",
        "wizards/order_intake_upload_wizard_views.xml",
        "views/res_config_settings_views.xml",
        "views/order_intake_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
}
