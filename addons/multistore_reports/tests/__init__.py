from . import test_facts
from . import test_reports
from . import test_scoping
from . import test_xlsx
from . import test_dashboard
from . import test_security
from . import test_xlsx_route
