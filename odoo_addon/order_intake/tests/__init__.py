# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_webhook
from . import test_settings
from . import test_mailbox
from . import test_draft_review
from . import test_log_alias
from . import test_security
from . import test_create_draft
from . import test_reports_outbound
from . import test_upload_modules
from . import test_unique_keys
from . import test_intake_log_flow
