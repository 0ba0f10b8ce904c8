"""Fast repository-level checks (no Odoo server, no database).

Each check is parametrized per addon (and per model) so that a failure names
exactly what is wrong.
"""

import ast
import csv
import os
import re
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
ADDONS_DIR = REPO / "addons"
ADDONS = sorted(
    path.name
    for path in ADDONS_DIR.iterdir()
    if path.is_dir() and not path.name.startswith((".", "__"))
)
VERSION_RE = re.compile(r"18\.0\.\d+\.\d+\.\d+")
MODEL_BASES = {"Model", "TransientModel"}
MODEL_DIRS = ("models", "wizards", "report")


def _manifest(addon):
    path = ADDONS_DIR / addon / "__manifest__.py"
    return ast.literal_eval(path.read_text(encoding="utf-8"))


def _is_model_class(node):
    """Whether the class derives from models.Model or models.TransientModel."""
    for base in node.bases:
        if (
            isinstance(base, ast.Attribute)
            and base.attr in MODEL_BASES
            and isinstance(base.value, ast.Name)
            and base.value.id == "models"
        ):
            return True
        if isinstance(base, ast.Name) and base.id in MODEL_BASES:
            return True
    return False


def _class_attr(node, name):
    """The literal value of a class attribute assignment, or None."""
    for stmt in node.body:
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets = [stmt.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            try:
                return ast.literal_eval(stmt.value)
            except ValueError:
                return None
    return None


def _declared_models(addon):
    """Models the addon declares in python: [(model name, file)].

    A class counts when it derives from ``models.Model`` or
    ``models.TransientModel`` (not AbstractModel) and assigns ``_name``. A
    class whose ``_name`` is also in its ``_inherit`` (``_name = "sale.order"``
    with ``_inherit = ["sale.order", ...]``) extends an existing model and
    declares nothing new.
    """
    found = []
    for folder in MODEL_DIRS:
        for path in sorted((ADDONS_DIR / addon / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef) or not _is_model_class(node):
                    continue
                name = _class_attr(node, "_name")
                if not isinstance(name, str):
                    continue
                inherit = _class_attr(node, "_inherit")
                inherit = [inherit] if isinstance(inherit, str) else inherit or []
                if name in inherit:
                    continue
                found.append((name, path.relative_to(REPO)))
    return found


MODEL_CASES = [
    pytest.param(addon, model, path, id=f"{addon}:{model}")
    for addon in ADDONS
    for model, path in _declared_models(addon)
]


def _access_model_ids(addon):
    path = ADDONS_DIR / addon / "security" / "ir.model.access.csv"
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return {
            row["model_id:id"].strip().rsplit(".", 1)[-1]
            for row in rows
            if row.get("model_id:id")
        }


# --- manifests -------------------------------------------------------------------


def test_addons_exist():
    assert ADDONS, f"no addon in {ADDONS_DIR}"


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_parses(addon):
    path = ADDONS_DIR / addon / "__manifest__.py"
    assert path.is_file(), f"{addon} has no __manifest__.py"
    assert isinstance(_manifest(addon), dict)


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_version(addon):
    version = _manifest(addon).get("version", "")
    assert VERSION_RE.fullmatch(version), f"{addon}: version {version!r}"


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_license(addon):
    """LGPL-3, as Odoo's own addons; AGPL-3 only for an addon that depends on
    an AGPL-3 addon (OCA's helpdesk_mgmt, for instance), whose license it
    must then carry."""
    license_ = _manifest(addon).get("license")
    if license_ == "AGPL-3":
        agpl = [
            d for d in _manifest(addon)["depends"] if _odoo_addon_license(d) == "AGPL-3"
        ]
        assert agpl, f"{addon} is AGPL-3 but depends on no AGPL-3 addon: use LGPL-3"
    else:
        assert license_ == "LGPL-3"


def _odoo_addon_license(name):
    """The license of an installed addon outside this repository."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(f"odoo.addons.{name}")
    except ModuleNotFoundError:  # no Odoo here: the license cannot be read
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    manifest = Path(next(iter(spec.submodule_search_locations))) / "__manifest__.py"
    return ast.literal_eval(manifest.read_text(encoding="utf-8")).get("license")


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_author(addon):
    assert _manifest(addon).get("author") == "Multistore"


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_has_no_description(addon):
    # The description lives in readme/DESCRIPTION.md.
    assert "description" not in _manifest(addon)


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_data_and_demo_files_exist(addon):
    manifest = _manifest(addon)
    listed = [*manifest.get("data", []), *manifest.get("demo", [])]
    missing = [name for name in listed if not (ADDONS_DIR / addon / name).is_file()]
    assert not missing, f"{addon}: listed in the manifest but missing: {missing}"


# --- readme and translations ------------------------------------------------------


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_description_exists(addon):
    path = ADDONS_DIR / addon / "readme" / "DESCRIPTION.md"
    assert path.is_file(), f"{path.relative_to(REPO)} is missing"
    assert path.read_text(encoding="utf-8").strip(), f"{path} is empty"


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_is_built_from_the_fragments(addon):
    """README.rst is what bin/gen-readme builds from the manifest and readme/."""
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader(
        "gen_readme", str(REPO / "bin" / "gen-readme")
    )
    spec = importlib.util.spec_from_loader("gen_readme", loader)
    gen_readme = importlib.util.module_from_spec(spec)
    loader.exec_module(gen_readme)
    path = ADDONS_DIR / addon / "README.rst"
    assert path.is_file(), f"{path.relative_to(REPO)} is missing: run bin/gen-readme"
    assert path.read_text(encoding="utf-8") == gen_readme.render(path.parent), (
        f"{path.relative_to(REPO)} differs from readme/: run bin/gen-readme {addon}"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_translation_exists(addon):
    path = ADDONS_DIR / addon / "i18n" / "zh_CN.po"
    assert path.is_file(), f"{path.relative_to(REPO)} is missing"


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_translation_is_complete(addon):
    path = ADDONS_DIR / addon / "i18n" / "zh_CN.po"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(REPO)} is missing")
    untranslated = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgid:  # the header has msgid ""
            continue
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()) or not entry.msgstr_plural:
                untranslated.append(entry.msgid)
        elif not entry.msgstr:
            untranslated.append(entry.msgid)
    assert not untranslated, (
        f"{path.relative_to(REPO)}: {len(untranslated)} empty msgstr: "
        f"{untranslated[:10]}"
    )


# --- access rights ----------------------------------------------------------------


@pytest.mark.parametrize(("addon", "model", "path"), MODEL_CASES)
def test_model_has_access_rule(addon, model, path):
    model_id = "model_" + model.replace(".", "_")
    assert model_id in _access_model_ids(addon), (
        f"{model} (declared in {path}) has no line with model_id {model_id} in "
        f"addons/{addon}/security/ir.model.access.csv"
    )


# --- repository -------------------------------------------------------------------


def test_readme_mentions_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "bin/test" in readme
    assert "bin/demo" in readme


def test_ci_runs_bin_test():
    path = REPO / ".ci" / "run"
    assert path.is_file(), ".ci/run is missing"
    assert os.access(path, os.X_OK), ".ci/run is not executable"
    commands = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert any(re.search(r"(^|[\s/.])bin/test\b", line) for line in commands), (
        ".ci/run does not call bin/test"
    )
