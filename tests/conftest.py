"""Shared pytest configuration of the repo-level and end-to-end tests.

``pytest tests -m "not e2e"`` runs the fast repo checks only;
``pytest tests -m e2e`` installs the addons in a throwaway database, starts a
real Odoo server and drives it over XML-RPC (see ``e2e/conftest.py``).
"""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "e2e: end-to-end test against a real Odoo server "
        "(installs the addons with demo data in a throwaway database)",
    )


@pytest.fixture(scope="session")
def repo_root():
    """The root of the repository (the folder holding addons/ and odoo.conf)."""
    return REPO
