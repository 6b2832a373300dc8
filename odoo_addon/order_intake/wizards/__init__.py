# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import order_intake_secret_wizard
from . import order_intake_upload_wizard
