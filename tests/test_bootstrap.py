"""bin/test and bin/demo install Odoo into .venv when the machine has none.

The bootstrap (bin/_bootstrap.py) is exercised for real: a Python that
cannot import Odoo, a local Odoo source given as a git directory and as an
archive, a new virtual environment in a temporary folder, pip, and an
``import odoo`` from there. The source is a miniature of Odoo's tree (same
layout, release file, setup.py, requirements and an addon) so the test runs
in about a minute; the real source goes through the same steps (README).
"""

import importlib.util
import os
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _load_bootstrap():
    spec = importlib.util.spec_from_file_location(
        "multistore_bootstrap", REPO / "bin" / "_bootstrap.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bootstrap = _load_bootstrap()


def _mini_odoo(path):
    """A small tree laid out like Odoo 18.0's source."""
    files = {
        "odoo/__init__.py": "from . import release\n",
        "odoo/release.py": textwrap.dedent(
            """\
            version_info = (18, 0, 0, "final", 0, "")
            version = "18.0"
            description = "Odoo (miniature for the bootstrap test)"
            """
        ),
        "odoo/addons/__init__.py": "",
        "addons/mini_addon/__init__.py": "",
        "addons/mini_addon/__manifest__.py": "{'name': 'Mini'}\n",
        "setup.py": textwrap.dedent(
            """\
            from setuptools import find_packages, setup

            setup(
                name="odoo", version="18.0", packages=find_packages(include=["odoo*"])
            )
            """
        ),
        "requirements.txt": textwrap.dedent(
            """\
            polib  # every Odoo requirement line shape:
            python-ldap==3.4.0 ; sys_platform != 'win32'
            lxml==5.2.1 ; python_version > '3.11'  # Python 3.12's pin
            lxml==4.9.2 ; python_version <= '3.11'
            """
        ),
    }
    for name, text in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return path


def _git_dir(tree):
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "odoo"]):
        subprocess.run(["git", *cmd], cwd=tree, env=env, check=True)
    return tree / ".git"


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A Python with no Odoo: a fresh virtual environment."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    assert not bootstrap.imports_odoo(python)
    return python


def _bootstrap_into(tmp_path, monkeypatch, bare_python, source):
    venv = tmp_path / "venv"
    monkeypatch.setenv("MULTISTORE_VENV", str(venv))
    # The machine's packages satisfy the requirements: no big downloads.
    monkeypatch.setenv("MULTISTORE_VENV_SYSTEM_SITE", "1")
    python = bootstrap.ensure_odoo(root=REPO, source=str(source), python=bare_python)
    assert Path(python) == venv / "bin" / "python"
    where = subprocess.run(
        [python, "-c", "import odoo.release as r; print(r.__file__, r.version)"],
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return venv, Path(where[0]), where[1]


def test_bootstrap_from_git_directory(tmp_path, monkeypatch, bare_python):
    git_dir = _git_dir(_mini_odoo(tmp_path / "odoo-src"))
    venv, odoo_file, version = _bootstrap_into(
        tmp_path, monkeypatch, bare_python, git_dir
    )
    # Odoo is imported from the exported tree inside the new environment.
    assert odoo_file.is_relative_to(venv / "src" / "odoo"), odoo_file
    assert version == "18.0"
    # Odoo's standard addons sit in odoo/addons, as in Odoo's packages.
    assert (venv / "src" / "odoo" / "odoo" / "addons" / "mini_addon").is_symlink()
    # A second run reuses the environment: nothing is installed again.
    monkeypatch.setattr(
        bootstrap, "install", lambda *a, **k: pytest.fail("installed twice")
    )
    python = bootstrap.ensure_odoo(root=REPO, source=str(git_dir), python=bare_python)
    assert Path(python) == venv / "bin" / "python"


def test_bootstrap_from_archive(tmp_path, monkeypatch, bare_python):
    tree = _mini_odoo(tmp_path / "odoo-18.0")
    archive = tmp_path / "odoo-18.0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tree, arcname="odoo-18.0")
    venv, odoo_file, _version = _bootstrap_into(
        tmp_path, monkeypatch, bare_python, archive
    )
    assert odoo_file.is_relative_to(venv / "src" / "odoo"), odoo_file


def test_bad_source_says_what_to_do(tmp_path, monkeypatch, bare_python):
    monkeypatch.setenv("MULTISTORE_VENV", str(tmp_path / "venv"))
    empty = tmp_path / "not-odoo"
    empty.mkdir()
    with pytest.raises(bootstrap.BootstrapError, match="neither Odoo's source"):
        bootstrap.ensure_odoo(root=REPO, source=str(empty), python=bare_python)


def test_requirements_take_python_312_pins_and_skip_ldap(tmp_path):
    tree = _mini_odoo(tmp_path / "src")
    lines = bootstrap.pinned_requirements(tree / "requirements.txt")
    assert "polib" in lines
    assert not any(line.startswith("python-ldap") for line in lines)
    assert "lxml==5.2.1" in lines
    assert "lxml==4.9.2" not in lines


def test_machine_python_with_odoo_is_used_as_is(monkeypatch):
    monkeypatch.setattr(bootstrap, "imports_odoo", lambda python: True)
    monkeypatch.setattr(bootstrap, "install", lambda *a, **k: pytest.fail("install"))
    assert bootstrap.ensure_odoo(python="/usr/bin/python3") == "/usr/bin/python3"
