"""Every change of a stored model ships its migration (fast, no database).

The previous release is the commit in ``tests/e2e/upgrade_from.txt`` (the
upgrade test starts from it too). For every addon, the stored fields each
model declares in Python are read with ``ast`` at that commit and in the
working tree. A stored field that disappeared (removed or renamed) or
changed type, or a stored model that disappeared, changes what a database of
the previous release holds: the addon must then carry a version newer than
the previous release's and a ``migrations/<version>/`` folder with a pre-,
post- or end-migrate script for that version (Odoo's standard mechanism,
``odoo/modules/migration.py``). A field that moved to another addon of the
repository with its type unchanged keeps its column and needs nothing.
Adding stored fields needs no migration and is not checked.
"""

import ast
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))
import previous_release
from previous_release import manifest_version, version_tuple

REPO = Path(__file__).resolve().parent.parent
ADDONS_DIR = REPO / "addons"
ADDONS = sorted(
    p.name for p in ADDONS_DIR.iterdir() if (p / "__manifest__.py").is_file()
)
SCRIPT_NAMES = ("pre-migrate.py", "post-migrate.py", "end-migrate.py")
# Field classes without a column of their own in the model's table.
NO_COLUMN = {"One2many"}


# --- reading models with ast ------------------------------------------------


def _literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError):
        return None


def _class_attr(node, name):
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in stmt.targets
        ):
            return _literal(stmt.value)
    return None


def _base_names(node):
    names = set()
    for base in node.bases:
        if isinstance(base, ast.Attribute):
            names.add(base.attr)
        elif isinstance(base, ast.Name):
            names.add(base.id)
    return names


def _inherits(node):
    inherit = _class_attr(node, "_inherit")
    if isinstance(inherit, str):
        return [inherit]
    if isinstance(inherit, list | tuple):
        return [name for name in inherit if isinstance(name, str)]
    return []


def _stored_field(call):
    """The field class name if ``call`` (``fields.X(...)``) is stored."""
    func = call.func
    if not (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "fields"
    ):
        return None
    kind = func.attr
    if kind in NO_COLUMN:
        return None
    keywords = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    store = _literal(keywords["store"]) if "store" in keywords else None
    if store is False:
        return None
    if ("compute" in keywords or "related" in keywords) and store is not True:
        return None
    return kind


def model_classes(source):
    """(model, parents, {field: field class}, holds data) per model class.

    ``parents``: the models it inherits from other than itself (prototype
    inheritance: their fields are columns of this model's table too).
    Transient models and SQL views (``_auto = False``) hold no data to
    migrate; abstract models (mixins) hold none themselves but give their
    fields to the tables of the models that inherit them.
    """
    classes = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = _base_names(node)
        if not bases & {"Model", "AbstractModel", "TransientModel"}:
            continue
        inherits = _inherits(node)
        name = _class_attr(node, "_name")
        model = name if isinstance(name, str) else (inherits or [None])[0]
        if not model:
            continue
        holds_data = (
            "Model" in bases
            and "TransientModel" not in bases
            and _class_attr(node, "_auto") is not False
        )
        fields = {}
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Call)
            ):
                kind = _stored_field(stmt.value)
                if kind:
                    fields[stmt.targets[0].id] = kind
        parents = [parent for parent in inherits if parent != model]
        classes.append((model, parents, fields, holds_data))
    return classes


def stored_fields(addons_dir, addons=None):
    """{(model, field): (field class, addon)} of the stored columns that the
    Python code of the addons in ``addons_dir`` declares (tests and
    migrations left out), inherited fields included; ``addon`` is the addon
    whose class declares the field, or gives it to the model by inheritance.
    """
    own, parents, data_models = {}, {}, set()
    for addon_dir in sorted(Path(addons_dir).iterdir()):
        if not (addon_dir / "__manifest__.py").is_file():
            continue
        if addons is not None and addon_dir.name not in addons:
            continue
        for path in sorted(addon_dir.rglob("*.py")):
            if path.relative_to(addon_dir).parts[0] in ("tests", "migrations"):
                continue
            for model, bases, fields, holds_data in model_classes(
                path.read_text(encoding="utf-8")
            ):
                if holds_data:
                    data_models.add(model)
                for name, kind in fields.items():
                    own.setdefault(model, {})[name] = (kind, addon_dir.name)
                for base in bases:
                    parents.setdefault(model, {})[base] = addon_dir.name

    def resolve(model, seen):
        found = {}
        for base, addon in parents.get(model, {}).items():
            if base in seen:
                continue
            for name, (kind, _declared) in resolve(base, seen | {base}).items():
                found[name] = (kind, addon)
        found.update(own.get(model, {}))
        return found

    return {
        (model, name): value
        for model in data_models
        for name, value in resolve(model, {model}).items()
    }


# --- the two trees ------------------------------------------------------------


@pytest.fixture(scope="module")
def old_addons(tmp_path_factory):
    """The previous release's ``addons/`` (from git), as a folder."""
    return previous_release.export_addons(tmp_path_factory.mktemp("release"))


@pytest.fixture(scope="module")
def old_fields(old_addons):
    return stored_fields(old_addons)


@pytest.fixture(scope="module")
def new_fields():
    return stored_fields(ADDONS_DIR)


def changed_columns(old, new):
    """{addon: [sentence]}: stored columns of the previous release that are
    gone or of another type now, by the addon that declared them then."""
    changed = {}
    for (model, name), (kind, addon) in sorted(old.items()):
        now = new.get((model, name), ("gone",))[0]
        if now != kind:
            changed.setdefault(addon, []).append(f"{model}.{name} ({kind} -> {now})")
    return changed


@pytest.mark.parametrize("addon", ADDONS)
def test_stored_model_changes_ship_a_migration(
    addon, old_addons, old_fields, new_fields
):
    changed = changed_columns(old_fields, new_fields).get(addon)
    if not changed:
        return
    old_version = manifest_version(old_addons / addon)
    version = manifest_version(ADDONS_DIR / addon)
    assert version_tuple(version) > version_tuple(old_version), (
        f"{addon}: stored fields removed, renamed or retyped since the previous "
        f"release ({changed}) but the version is still {version}: raise it so "
        "that Odoo runs the migration"
    )
    folder = ADDONS_DIR / addon / "migrations" / version
    scripts = [name for name in SCRIPT_NAMES if (folder / name).is_file()]
    assert scripts, (
        f"{addon} {version}: stored fields removed, renamed or retyped since the "
        f"previous release {previous_release.commit()}: {changed}. Ship "
        f"addons/{addon}/migrations/{version}/pre-migrate.py (or post-/end-) "
        "that moves the data, so an upgraded database keeps it"
    )


def test_removed_addons_are_uninstalled_by_a_migration(old_addons):
    """An addon of the previous release that is gone from the tree leaves
    its tables and menus behind in every upgraded database."""
    gone = sorted(
        p.name
        for p in old_addons.iterdir()
        if (p / "__manifest__.py").is_file()
        and not (ADDONS_DIR / p.name / "__manifest__.py").is_file()
    )
    assert not gone, (
        f"addons of the previous release missing from the tree: {gone}; keep "
        "them (as a stub that depends on their successor) or uninstall them "
        "in a migration of the addon that replaces them"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_migration_scripts_can_run(addon):
    """Odoo runs ``migrate(cr, version)`` of ``migrations/<v>/*-migrate.py``
    for a version newer than the installed one and not newer than the
    manifest: a folder beyond the manifest version, a misnamed script or a
    missing ``migrate`` would silently never run."""
    folder = ADDONS_DIR / addon / "migrations"
    if not folder.is_dir():
        return
    version = version_tuple(manifest_version(ADDONS_DIR / addon))
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        if sub.name == "__pycache__":
            continue
        assert version_tuple(sub.name) <= version, (
            f"{addon}: migrations/{sub.name} is newer than the manifest version "
            "and would never run"
        )
        scripts = sorted(sub.glob("*.py"))
        assert scripts, f"{addon}: migrations/{sub.name} holds no script"
        for script in scripts:
            assert script.name in SCRIPT_NAMES, (
                f"{script.relative_to(REPO)}: Odoo runs only {SCRIPT_NAMES}"
            )
            tree = ast.parse(script.read_text(encoding="utf-8"))
            functions = {
                node.name: len(node.args.args)
                for node in tree.body
                if isinstance(node, ast.FunctionDef)
            }
            assert functions.get("migrate") == 2, (
                f"{script.relative_to(REPO)} must define migrate(cr, version)"
            )


# --- the reader itself ----------------------------------------------------------

SAMPLE = """
from odoo import fields, models

class Store(models.Model):
    _name = "x.store"
    _inherit = ["mail.thread", "x.mixin"]
    code = fields.Char(required=True)
    total = fields.Float(compute="_compute_total", store=True)
    shown = fields.Float(compute="_compute_shown")
    city = fields.Char(related="partner_id.city")
    city_stored = fields.Char(related="partner_id.city", store=True)
    line_ids = fields.One2many("x.line", "store_id")
    tag_ids = fields.Many2many("x.tag")
    hidden = fields.Integer(store=False)

class Partner(models.Model):
    _inherit = "res.partner"
    store_id = fields.Many2one("x.store")

class Mixin(models.AbstractModel):
    _name = "x.mixin"
    amount = fields.Monetary()

class Month(models.Model):
    _name = "x.month"
    _inherit = "x.store"
    month = fields.Integer()

class View(models.Model):
    _name = "x.view"
    _auto = False
    qty = fields.Float()

class Wizard(models.TransientModel):
    _name = "x.wizard"
    note = fields.Text()
"""


def test_stored_fields_reader(tmp_path):
    addon = tmp_path / "x_addon"
    (addon / "models").mkdir(parents=True)
    (addon / "__manifest__.py").write_text("{'version': '18.0.1.0.0'}")
    (addon / "models" / "x.py").write_text(SAMPLE)
    fields = {key: kind for key, (kind, _addon) in stored_fields(tmp_path).items()}
    assert fields == {
        ("x.store", "code"): "Char",
        ("x.store", "total"): "Float",
        ("x.store", "city_stored"): "Char",
        ("x.store", "tag_ids"): "Many2many",
        ("x.store", "amount"): "Monetary",  # from the mixin
        ("x.month", "amount"): "Monetary",  # inherited through x.store
        ("x.month", "code"): "Char",
        ("x.month", "total"): "Float",
        ("x.month", "city_stored"): "Char",
        ("x.month", "tag_ids"): "Many2many",
        ("x.month", "month"): "Integer",
        ("res.partner", "store_id"): "Many2one",
    }


def test_changed_columns():
    old = {
        ("x.store", "code"): ("Char", "x_base"),
        ("x.store", "city"): ("Char", "x_base"),
        ("x.store", "qty"): ("Float", "x_stock"),
        ("x.store", "moved"): ("Char", "x_stock"),
    }
    new = {
        ("x.store", "code"): ("Char", "x_base"),
        ("x.store", "qty"): ("Integer", "x_stock"),
        ("x.store", "moved"): ("Char", "x_base"),  # moved to another addon
        ("x.store", "added"): ("Char", "x_base"),  # new: needs nothing
    }
    assert changed_columns(old, new) == {
        "x_base": ["x.store.city (Char -> gone)"],
        "x_stock": ["x.store.qty (Float -> Integer)"],
    }


def test_reader_sees_the_repository(new_fields):
    """The reader finds the stores' stored fields in the real code (so the
    check above is not vacuous)."""
    assert new_fields[("multistore.store", "code")] == ("Char", "multistore_base")
    assert new_fields[("pos.order", "store_id")][0] == "Many2one"
