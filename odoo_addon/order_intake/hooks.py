# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

#: set once on install (not in data files: a False boolean parameter is deleted
#: by the settings, and an update would then re-create it)
DEFAULT_PARAMS = {
    "order_intake.enable_sales": "True",
    "order_intake.auto_threshold": "95",
    "order_intake.review_threshold": "70",
}


def post_init_hook(env):
    """Default settings and the webhook secret (shown once in Settings)."""
    params = env["ir.config_parameter"].sudo()
    for key, value in DEFAULT_PARAMS.items():
        if not params.get_param(key):
            params.set_param(key, value)
    # the AI Drafts Owner of mailed drafts whose customer has no salesperson: the administrator
    admin = env.ref("base.user_admin", raise_if_not_found=False)
    if admin and not params.get_param("order_intake.draft_user_id"):
        params.set_param("order_intake.draft_user_id", admin.id)
    env["res.config.settings"]._order_intake_ensure_secret()
