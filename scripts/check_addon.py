#!/usr/bin/env python3
"""Static checks of the Odoo addon (stdlib only; CI runs it with python3).

- every .py of the addon compiles (py_compile);
- every .xml is well-formed (xml.etree);
- __manifest__.py is a literal dict with the expected keys, and each of its data
  files exists;
- security/ir.model.access.csv has the standard columns, 8 per row, 0/1 flags,
  unique ids;
- the shared webhook test vector verifies with hmac;
- per series: scripts/build_addons.py writes the 17.0, 18.0 and 19.0 packages into a
  temporary folder and each is checked against the rules of its series (manifest and
  migration versions, list/tree view tags and view_mode, search-view groups, window
  action targets, res.groups fields and privileges); the Python source keeps what
  differs between series in compat.py (no _sql_constraints, models.Constraint,
  groups_id/group_ids, product_uom or _bus_send elsewhere).

Exits 1 with one line per problem, 0 with a summary when everything is fine.
Usage: python3 scripts/check_addon.py [path/to/addon]   (an addon: the generic checks only)
"""

import ast
import csv
import hashlib
import hmac
import json
import py_compile
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ADDON = ROOT / "odoo_addon" / "order_intake"
ACCESS_COLUMNS = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
REQUIRED_MANIFEST_KEYS = ["name", "version", "license", "depends", "data", "installable"]


def check(addon: Path) -> list:
    problems = []
    if not addon.is_dir():
        return [f"{addon}: addon directory not found"]

    def rel(path):
        return path.relative_to(addon.parent) if addon.parent in path.parents else path

    py_files = sorted(p for p in addon.rglob("*.py") if "__pycache__" not in p.parts)
    with tempfile.TemporaryDirectory() as tmp:  # keep the addon free of .pyc
        for index, path in enumerate(py_files):
            try:
                py_compile.compile(
                    str(path), cfile=f"{tmp}/{index}.pyc", doraise=True, optimize=-1
                )
            except py_compile.PyCompileError as exc:
                problems.append(f"{rel(path)}: does not compile: {exc.msg.strip()}")

    xml_files = sorted(addon.rglob("*.xml"))
    for path in xml_files:
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            problems.append(f"{rel(path)}: malformed XML: {exc}")

    manifest_path = addon / "__manifest__.py"
    manifest = {}
    if not manifest_path.is_file():
        problems.append(f"{rel(manifest_path)}: missing")
    else:
        try:
            manifest = ast.literal_eval(manifest_path.read_text(encoding="utf-8"))
            if not isinstance(manifest, dict):
                raise ValueError("not a dict")
        except (ValueError, SyntaxError) as exc:
            problems.append(f"{rel(manifest_path)}: not a literal dict: {exc}")
            manifest = {}
    for key in REQUIRED_MANIFEST_KEYS if manifest else []:
        if key not in manifest:
            problems.append(f"{rel(manifest_path)}: key {key!r} missing")
    version = str(manifest.get("version", ""))
    if manifest and (len(version.split(".")) != 5 or not version.startswith(("17.0.", "18.0.", "19.0."))):
        problems.append(f"{rel(manifest_path)}: version {version!r} is not <odoo>.<x>.<y>.<z>")
    if manifest and manifest.get("license") not in ("AGPL-3", "LGPL-3"):
        problems.append(f"{rel(manifest_path)}: unexpected license {manifest.get('license')!r}")
    for key in ("data", "demo"):
        for entry in manifest.get(key, []):
            if not (addon / entry).is_file():
                problems.append(f"{rel(manifest_path)}: {key} file {entry!r} does not exist")
    declared = set(manifest.get("data", [])) | set(manifest.get("demo", []))
    for path in xml_files:
        entry = path.relative_to(addon).as_posix()
        if entry.startswith(("views/", "security/", "data/", "wizards/")) and entry not in declared:
            problems.append(f"{entry}: not listed in the manifest's data")

    access = addon / "security" / "ir.model.access.csv"
    if not access.is_file():
        problems.append(f"{rel(access)}: missing")
    else:
        with access.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        if not rows or rows[0] != ACCESS_COLUMNS:
            problems.append(
                f"{rel(access)}: header must be {','.join(ACCESS_COLUMNS)}, got {','.join(rows[0]) if rows else '(empty)'}"
            )
        seen = set()
        for number, row in enumerate(rows[1:], start=2):
            if not row:
                continue
            if len(row) != len(ACCESS_COLUMNS):
                problems.append(f"{rel(access)}:{number}: {len(row)} columns, expected {len(ACCESS_COLUMNS)}")
                continue
            if row[0] in seen:
                problems.append(f"{rel(access)}:{number}: duplicate id {row[0]!r}")
            seen.add(row[0])
            if not row[2].startswith("model_") and "." not in row[2]:
                problems.append(f"{rel(access)}:{number}: model_id {row[2]!r} should be model_<model>")
            for column, value in zip(ACCESS_COLUMNS[4:], row[4:]):
                if value not in ("0", "1"):
                    problems.append(f"{rel(access)}:{number}: {column} must be 0 or 1, got {value!r}")

    vector_path = addon / "tests" / "webhook_test_vector.json"
    if vector_path.is_file():
        try:
            vector = json.loads(vector_path.read_text(encoding="utf-8"))
            digest = hmac.new(
                vector["secret"].encode(), vector["body"].encode(), hashlib.sha256
            ).hexdigest()
            if vector["signature"] != "sha256=" + digest:
                problems.append(f"{rel(vector_path)}: signature does not match the body")
        except (ValueError, KeyError) as exc:
            problems.append(f"{rel(vector_path)}: unreadable test vector: {exc}")

    for name in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        if not (addon / "readme" / name).is_file():
            problems.append(f"readme/{name}: missing")
    return problems, len(py_files), len(xml_files)


#: Python that differs between series and must go through order_intake/compat.py
COMPAT_ONLY = [
    (re.compile(r"\b_sql_constraints\b"), "_sql_constraints (ignored by 19: use compat.unique_keys)"),
    (re.compile(r"\bmodels\.Constraint\b"), "models.Constraint (absent before 19: use compat.unique_keys)"),
    (re.compile(r"[\"'.]groups_id\b|\bgroup_ids\b"), "groups_id/group_ids (renamed in 19: use compat.GROUPS_FIELD)"),
    (re.compile(r"[\"'.]product_uom\b(?!_)"), "sale.order.line product_uom (product_uom_id in 19: use compat.SALE_LINE_UOM)"),
    (re.compile(r"\b_bus_send\b"), "_bus_send (absent in 17: use compat.bus_send)"),
]


def check_source_compat(source: Path) -> list:
    problems = []
    for path in sorted(source.rglob("*.py")):
        if path.name == "compat.py" or "__pycache__" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            for pattern, why in COMPAT_ONLY:
                if why and pattern.search(code):
                    problems.append(f"{path.relative_to(source)}:{number}: {why}")
    return problems


def _records(root, model):
    return [r for r in root.iter("record") if r.get("model") == model]


def _field(record, name):
    return [f for f in record.findall("field") if f.get("name") == name]


_MODIFIERS = ("invisible", "readonly", "required", "column_invisible")
_NOT_FIELDS = {"True", "False", "None", "and", "or", "not", "in", "is", "if", "else", "context", "uid",
               "parent", "today", "now", "current_company_id", "allowed_company_ids", "id"}


def _modifier_fields_missing(arch) -> set:
    """Fields read by modifiers of a (non-inherited) view that the view lacks outside groups=.

    17 refuses such a view; 18 and 19 add the fields by themselves. Sub-views of x2many fields
    are another model's and are skipped."""
    used, present = set(), set()

    def walk(node, grouped):
        for child in node:
            in_group = grouped or bool(child.get("groups"))
            for attr in _MODIFIERS:
                expr = child.get(attr)
                if expr and expr.strip() not in ("0", "1", "True", "False"):
                    code = re.sub(r"'[^']*'|\"[^\"]*\"", "", expr)
                    used.update(
                        name for name in re.findall(r"(?<![.\w])([a-z_]\w*)\b(?!\s*\()", code) if name not in _NOT_FIELDS
                    )
            if child.tag == "field":
                if not in_group:
                    present.add(child.get("name"))
                if len(child):
                    continue
            walk(child, in_group)

    for view in arch:
        if view.tag != "search":
            walk(view, False)
    return used - present


def check_series(package: Path, series: str) -> list:
    """Only constructs valid on `series` in a built package."""
    problems = []
    major = int(series.split(".")[0])
    manifest = ast.literal_eval((package / "__manifest__.py").read_text(encoding="utf-8"))
    if not str(manifest.get("version", "")).startswith(series + "."):
        problems.append(f"__manifest__.py: version {manifest.get('version')!r} is not {series}.x.y.z")
    migrations = package / "migrations"
    for folder in sorted(migrations.iterdir()) if migrations.is_dir() else []:
        if folder.is_dir() and re.match(r"^\d+\.0\.", folder.name) and not folder.name.startswith(series + "."):
            problems.append(f"migrations/{folder.name}: a migration of another series")
    for path in sorted(package.rglob("*.xml")):
        where = path.relative_to(package)
        root = ET.parse(path).getroot()
        for view in _records(root, "ir.ui.view"):
            for arch in _field(view, "arch"):
                tags = {e.tag for e in arch.iter()}
                if major < 18 and not _field(view, "inherit_id"):
                    missing = _modifier_fields_missing(arch)
                    if missing:
                        problems.append(
                            f"{where}: view {view.get('id')} reads {sorted(missing)} in modifiers without "
                            "having them (17: add <field name=... invisible=\"1\"/>)"
                        )
                if major < 18 and "list" in tags:
                    problems.append(f"{where}: <list> in view {view.get('id')} (17 has <tree>)")
                if major >= 18 and "tree" in tags:
                    problems.append(f"{where}: <tree> in view {view.get('id')} (<list> since 18)")
                for search in arch.iter("search"):
                    for group in search.iter("group"):
                        if major >= 19 and group.attrib:
                            problems.append(f"{where}: <group {' '.join(group.attrib)}> in search view {view.get('id')} (19: bare <group>)")
        for action in _records(root, "ir.actions.act_window"):
            for mode in _field(action, "view_mode"):
                modes = (mode.text or "").split(",")
                if major < 18 and "list" in modes:
                    problems.append(f"{where}: view_mode list in {action.get('id')} (17: tree)")
                if major >= 18 and "tree" in modes:
                    problems.append(f"{where}: view_mode tree in {action.get('id')} (list since 18)")
            for target in _field(action, "target"):
                if major >= 19 and (target.text or "").strip() == "inline":
                    problems.append(f"{where}: target inline in {action.get('id')} (gone in 19)")
        for group in _records(root, "res.groups"):
            names = {f.get("name") for f in group.findall("field")}
            old, new = {"category_id", "users"} & names, {"privilege_id", "user_ids"} & names
            if major >= 19 and old:
                problems.append(f"{where}: res.groups {group.get('id')} uses {sorted(old)} (19: privilege_id, user_ids)")
            if major < 19 and new:
                problems.append(f"{where}: res.groups {group.get('id')} uses {sorted(new)} (before 19: category_id, users)")
        if major < 19 and _records(root, "res.groups.privilege"):
            problems.append(f"{where}: res.groups.privilege exists from 19 only")
    return problems


def check_packages() -> int:
    """Build every series into a temporary folder and check each package."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_addons  # noqa: PLC0415 (a sibling script)

    status = 0
    problems = check_source_compat(DEFAULT_ADDON.parent)
    if problems:
        status = 1
        print(f"check_addon: {len(problems)} series difference(s) outside compat.py:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
    # the checks themselves: the untransformed source must fail the rules of the other series
    for series in build_addons.SERIES:
        if series != build_addons.SOURCE_SERIES and not check_series(DEFAULT_ADDON, series):
            status = 1
            print(f"check_addon: the {series} rules find nothing in the {build_addons.SOURCE_SERIES} source: a rule is broken", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        build_addons.build(Path(tmp), quiet=True)
        for series in build_addons.SERIES:
            for package in build_addons.modules(Path(tmp) / series):
                problems = check_series(package, series)
                if problems:
                    status = 1
                    print(f"check_addon: {len(problems)} problem(s) in the {series} package {package.name}:", file=sys.stderr)
                    for problem in problems:
                        print(f"  - {problem}", file=sys.stderr)
            print(f"check_addon: OK ({series} packages: manifest version, view tags, view_mode, groups, search groups)" if status == 0 else f"check_addon: {series} packages checked")
    return status


def main(argv):
    if len(argv) > 1:
        return check_one(Path(argv[1]).resolve())
    # order_intake and its glue addons (order_intake_purchase, ...)
    addons = sorted(p.parent for p in DEFAULT_ADDON.parent.glob("order_intake*/__manifest__.py"))
    status = max((check_one(addon) for addon in addons or [DEFAULT_ADDON]), default=0)
    return max(status, check_packages())


def check_one(addon):
    result = check(addon)
    if isinstance(result, list):
        problems, n_py, n_xml = result, 0, 0
    else:
        problems, n_py, n_xml = result
    if problems:
        print(f"check_addon: {len(problems)} problem(s) in {addon}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"check_addon: OK ({addon.name}: {n_py} .py compiled, {n_xml} .xml well-formed, manifest data and access CSV valid)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
