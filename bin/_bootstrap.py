"""Find Odoo 18 for bin/test and bin/demo, or install it into ``.venv``.

``ensure_odoo()`` returns the Python interpreter to run Odoo with:

1. the current ``python3`` when it imports Odoo 18 (installed for the machine);
2. else ``.venv/bin/python`` when a previous run installed Odoo there;
3. else it creates ``.venv`` and installs Odoo there from ``ODOO_SOURCE``:

   - a folder holding Odoo's source tree (``odoo/release.py``, ``setup.py``);
   - a git directory, or a git work tree, whose HEAD is Odoo's source;
   - an archive (``.tar.gz``, ``.tgz``, ``.tar``, ``.zip``) of that tree;
   - by default Odoo's public 18.0 source archive (``ODOO_SOURCE_URL``).

   then Odoo's requirements (on Python 3.11, the versions Odoo pins for
   Python 3.12: they all have wheels), Odoo itself (editable, "compat" mode,
   so pip-installed OCA addons do not hide Odoo's own addons, with every
   standard addon linked into ``odoo/addons`` as Odoo's packages have them)
   and the project's ``requirements.txt``. Each step prints what it does.

``MULTISTORE_VENV`` moves the environment elsewhere;
``MULTISTORE_VENV_SYSTEM_SITE=1`` lets it see the machine's packages (faster
when they are already there).
"""

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_URL = "https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz"
# The parts of Odoo's source tree an install needs.
SOURCE_PARTS = ("addons", "odoo", "odoo-bin", "setup.py", "setup.cfg", "setup")
SOURCE_PARTS += ("MANIFEST.in", "requirements.txt")
PROBE = "import odoo.release as r, sys; sys.exit(0 if r.version_info[0] == 18 else 3)"


class BootstrapError(RuntimeError):
    """Odoo could not be installed: the message says why and what to do."""


def say(message):
    print(f"[bootstrap] {message}", flush=True)


def imports_odoo(python):
    """Whether ``python`` imports Odoo 18 (from a neutral folder)."""
    if not Path(python).exists():
        return False
    probe = subprocess.run(
        [str(python), "-c", PROBE], cwd="/", capture_output=True, check=False
    )
    return probe.returncode == 0


def venv_dir(root=ROOT):
    return Path(os.environ.get("MULTISTORE_VENV") or Path(root) / ".venv")


def ensure_odoo(root=ROOT, source=None, python=sys.executable):
    """The interpreter that runs Odoo 18; installs it into the venv if needed."""
    if imports_odoo(python):
        return str(python)
    venv = venv_dir(root)
    venv_python = venv / "bin" / "python"
    if imports_odoo(venv_python):
        return str(venv_python)
    source = source or os.environ.get("ODOO_SOURCE") or ""
    say(
        f"Odoo 18 is not importable by {python}: installing it into {venv} "
        f"from {source or os.environ.get('ODOO_SOURCE_URL', DEFAULT_SOURCE_URL)}"
    )
    install(venv, source, root=Path(root), python=python)
    if not imports_odoo(venv_python):
        raise BootstrapError(
            f"Odoo was installed into {venv} but {venv_python} cannot import it; "
            f"remove {venv} and run again."
        )
    say(f"Odoo 18 is ready in {venv}")
    return str(venv_python)


def install(venv, source, root=ROOT, python=sys.executable):
    """Create ``venv`` and install Odoo from ``source`` and our requirements."""
    venv = Path(venv)
    if not (venv / "bin" / "python").exists():
        say(f"1/5 creating the virtual environment {venv}")
        cmd = [str(python), "-m", "venv"]
        if os.environ.get("MULTISTORE_VENV_SYSTEM_SITE"):
            cmd.append("--system-site-packages")
        run([*cmd, str(venv)])
    vpython = str(venv / "bin" / "python")
    say("2/5 getting Odoo's source")
    tree = source_tree(source, venv / "src")
    say(f"3/5 installing Odoo's requirements (from {tree / 'requirements.txt'})")
    requirements = venv / "odoo-requirements.txt"
    requirements.write_text(
        "\n".join(pinned_requirements(tree / "requirements.txt")) + "\n"
    )
    pip(vpython, "install", "setuptools", "wheel", quiet=True)
    pip(vpython, "install", "-r", str(requirements), "websocket-client")
    say(f"4/5 installing Odoo from {tree}")
    pip(
        vpython,
        "install",
        "--no-deps",
        "--no-build-isolation",
        "-e",
        str(tree),
        "--config-settings",
        "editable_mode=compat",
    )
    link_standard_addons(tree)
    say("5/5 installing the project's requirements")
    pip(vpython, "install", "-r", str(Path(root) / "requirements.txt"))


def source_tree(source, dest):
    """A folder holding Odoo's source tree, from ``source`` (see module doc)."""
    dest = Path(dest)
    path = Path(source) if source else None
    if path and (path / "odoo" / "release.py").is_file():
        say(f"   using the source folder {path}")
        return path.resolve()
    target = dest / "odoo"
    if (target / "odoo" / "release.py").is_file():
        say(f"   reusing {target}")
        return target
    if path and path.is_dir():
        git_dir = path / ".git" if (path / ".git").exists() else path
        if not (git_dir / "HEAD").is_file():
            raise BootstrapError(
                f"ODOO_SOURCE={source} is neither Odoo's source folder (with "
                "odoo/release.py) nor a git directory of it."
            )
        say(f"   exporting HEAD of the git directory {git_dir}")
        target.mkdir(parents=True, exist_ok=True)
        top = subprocess.run(
            ["git", f"--git-dir={git_dir}", "ls-tree", "--name-only", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        parts = [name for name in SOURCE_PARTS if name in top]
        archive = subprocess.Popen(
            ["git", f"--git-dir={git_dir}", "archive", "HEAD", "--", *parts],
            stdout=subprocess.PIPE,
        )
        try:
            with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
                tar.extractall(target, filter="data")
        finally:
            archive.stdout.close()
            archive.wait()
        if archive.returncode:
            raise BootstrapError(f"git archive of {git_dir} failed")
    else:
        if path and path.is_file():
            archive_path = path
        else:
            url = source or os.environ.get("ODOO_SOURCE_URL", DEFAULT_SOURCE_URL)
            archive_path = dest / Path(url).name
            dest.mkdir(parents=True, exist_ok=True)
            download(url, archive_path)
        say(f"   unpacking {archive_path}")
        unpack(archive_path, target)
    if not (target / "odoo" / "release.py").is_file():
        raise BootstrapError(
            f"{source or 'the downloaded archive'} does not hold Odoo's source "
            "(no odoo/release.py)."
        )
    return target


def download(url, path):
    say(f"   downloading {url}")
    try:
        with urllib.request.urlopen(url, timeout=60) as resp, open(path, "wb") as out:
            total = int(resp.headers.get("Content-Length") or 0)
            done = 0
            while chunk := resp.read(1 << 20):
                out.write(chunk)
                done += len(chunk)
                if total:
                    print(f"\r   {done >> 20} of {total >> 20} MiB", end="", flush=True)
            print(flush=True)
    except OSError as exc:
        raise BootstrapError(
            f"Cannot download {url} ({exc}): set ODOO_SOURCE to a folder, git "
            "directory or archive of Odoo 18.0 Community."
        ) from exc


def unpack(archive_path, target):
    """Unpack an archive whose files may sit below one top folder."""
    with tempfile.TemporaryDirectory(
        dir=target.parent if target.parent.exists() else None
    ) as tmp:
        tmp = Path(tmp)
        if zipfile.is_zipfile(archive_path):
            with zipfile.ZipFile(archive_path) as archive:
                archive.extractall(tmp)
        elif tarfile.is_tarfile(archive_path):
            with tarfile.open(archive_path) as archive:
                archive.extractall(tmp, filter="data")
        else:
            raise BootstrapError(f"{archive_path} is not a tar or zip archive.")
        top = tmp
        entries = list(tmp.iterdir())
        if len(entries) == 1 and entries[0].is_dir():
            top = entries[0]
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(top), str(target))


def pinned_requirements(path):
    """Odoo's requirements for this machine, with Python 3.12's pins on 3.11.

    Odoo pins old versions for Python 3.11 that have no wheels any more; the
    3.12 pins install on 3.11. python-ldap (only for auth_ldap) needs system
    headers and is left out.
    """
    try:
        from packaging.markers import Marker
    except ImportError:  # a bare Python: pip vendors packaging
        from pip._vendor.packaging.markers import Marker

    env = {"sys_platform": sys.platform}
    if sys.version_info < (3, 12):
        env.update(python_version="3.12", python_full_version="3.12.0")
    lines = []
    for raw in Path(path).read_text().splitlines():
        line = raw.split("#")[0].strip()
        if not line:
            continue
        requirement, _, marker = line.partition(";")
        if requirement.strip().lower().startswith("python-ldap"):
            continue
        if marker.strip() and not Marker(marker.strip()).evaluate(env):
            continue
        lines.append(requirement.strip())
    return lines


def link_standard_addons(tree):
    """Odoo's packaged layout: every standard addon inside ``odoo/addons``."""
    addons = Path(tree) / "addons"
    if not addons.is_dir():
        return
    for addon in sorted(addons.iterdir()):
        link = Path(tree) / "odoo" / "addons" / addon.name
        if addon.is_dir() and not link.exists():
            link.symlink_to(addon.resolve())


def pip(python, *args, quiet=False):
    run([python, "-m", "pip", *args, *(["-q"] if quiet else [])])


def run(cmd):
    print("   $ " + " ".join(cmd), flush=True)
    result = subprocess.run(cmd, check=False)
    if result.returncode:
        raise BootstrapError(f"{' '.join(cmd[:4])}... exited {result.returncode}")


def reexec_with_odoo(script, required=True):
    """Re-run ``script`` with an interpreter that has Odoo 18 (installing it).

    When Odoo cannot be installed, exit (``required``) or carry on with the
    current interpreter, whose own checks then report Odoo missing.
    """
    try:
        python = ensure_odoo()
    except BootstrapError as exc:
        say(f"FAILED: {exc}")
        if required:
            sys.exit(2)
        return
    if Path(python) != Path(sys.executable):
        os.execv(python, [python, str(script), *sys.argv[1:]])
