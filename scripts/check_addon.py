#!/usr/bin/env python3
"""Static checks of the Odoo addon (stdlib only; CI runs it with python3).

- every .py of the addon compiles (py_compile);
- every .xml is well-formed (xml.etree);
- __manifest__.py is a literal dict with the expected keys, and each of its data
  files exists;
- security/ir.model.access.csv has the standard columns, 8 per row, 0/1 flags,
  unique ids;
- the shared webhook test vector verifies with hmac.

Exits 1 with one line per problem, 0 with a summary when everything is fine.
Usage: python3 scripts/check_addon.py [path/to/addon]
"""

import ast
import csv
import hashlib
import hmac
import json
import py_compile
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


def main(argv):
    if len(argv) > 1:
        return check_one(Path(argv[1]).resolve())
    # order_intake and its glue addons (order_intake_purchase, ...)
    addons = sorted(p.parent for p in DEFAULT_ADDON.parent.glob("order_intake*/__manifest__.py"))
    return max((check_one(addon) for addon in addons or [DEFAULT_ADDON]), default=0)


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
