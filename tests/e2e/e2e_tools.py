"""Small helpers shared by the end-to-end suites (conftest, upgrade, restore drill)."""

import subprocess
import sys
from pathlib import Path

ODOO_CONF = Path(__file__).resolve().parent.parent.parent / "odoo.conf"

_FILESTORE_SCRIPT = (
    "import sys; from odoo.tools import config; "
    "config.parse_config(['-c', sys.argv[1]]); "
    "print(config.filestore(sys.argv[2]))"
)


def filestore(db, conf=ODOO_CONF):
    """Odoo's filestore folder of ``db`` (as ``conf`` configures it)."""
    out = subprocess.run(
        [sys.executable, "-c", _FILESTORE_SCRIPT, str(conf), db],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip())
