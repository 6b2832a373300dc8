# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import order_intake_webhook_delivery
from . import order_intake_draft_mixin
from . import order_intake_log
from . import order_intake_mailbox
from . import order_intake_product_alias
from . import order_intake_report
from . import order_intake_outbound_endpoint
from . import res_config_settings
from . import sale_order
from . import sale_order_line
from . import account_move
