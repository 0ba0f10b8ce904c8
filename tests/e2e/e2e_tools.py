"""Small helpers shared by the end-to-end suites (conftest, upgrade, restore
drill, faults, webhooks)."""

import socket
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


def free_port():
    """A local TCP port free right now (for a server of a test's own)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path, lines=80):
    """The last ``lines`` lines of a log file, for a failure's message."""
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])
