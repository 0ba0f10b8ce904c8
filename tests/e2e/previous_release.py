"""The previous release, for the upgrade test and the migration check.

Its commit is the first word of ``upgrade_from.txt`` beside this file:
after a release, put the new release's commit there (one line changes).
"""

import ast
import subprocess
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
UPGRADE_FROM = Path(__file__).with_name("upgrade_from.txt")


def commit():
    """The previous release's commit."""
    return UPGRADE_FROM.read_text().split()[0]


def export_addons(target):
    """The previous release's ``addons/`` extracted into ``target``.

    Fails the test with what to do when the commit is not in the clone.
    """
    release = commit()
    known = subprocess.run(
        ["git", "cat-file", "-e", f"{release}^{{commit}}"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    if known.returncode:
        pytest.fail(
            f"the previous release {release} (tests/e2e/upgrade_from.txt) is not "
            "in this clone's history: clone with full history "
            "(git fetch --unshallow) to compare with it",
            pytrace=False,
        )
    archive = subprocess.run(
        ["git", "archive", "--format=tar", release, "addons"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return Path(target) / "addons"


def manifest_version(addon_dir):
    path = Path(addon_dir) / "__manifest__.py"
    return ast.literal_eval(path.read_text(encoding="utf-8"))["version"]


def version_tuple(version):
    return tuple(int(part) for part in version.split("."))
