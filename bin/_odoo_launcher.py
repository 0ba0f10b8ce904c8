"""Odoo's own launcher, for the benchmarks that start a server with workers."""

import shutil
import sys
from pathlib import Path


def launcher():
    """Odoo's ``odoo`` launcher: with workers, Odoo starts its websocket
    worker by running ``sys.executable sys.argv[0] gevent ...`` again, which
    ``python -m odoo`` cannot be."""
    for candidate in (Path(sys.executable).parent / "odoo", shutil.which("odoo")):
        if candidate and Path(candidate).is_file():
            return [sys.executable, str(candidate)]
    import odoo

    odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    if odoo_bin.is_file():
        return [sys.executable, str(odoo_bin)]
    raise SystemExit("Odoo's launcher (odoo or odoo-bin) was not found")
