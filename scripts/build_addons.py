#!/usr/bin/env python3
"""Write one installable package of each Order Intake addon per Odoo series.

The source of truth is ``odoo_addon/<module>/``: it is written for Odoo 18.0 (its
manifest says ``18.0.x.y.z``) and everyone edits it there. This script copies every
module to ``build/addons/<series>/<module>`` and applies the transforms listed in
TRANSFORMS below, each one small, textual and named, so that a reviewer sees exactly
what differs between series (``--table`` prints them; every build prints what it
changed, file by file).

Differences that live in Python are NOT transforms: they are decided at runtime from
``odoo.release.version_info`` in ``order_intake/compat.py`` (unique keys as
``models.Constraint`` on 19, ``_sql_constraints`` before; ``product_uom_id`` vs
``product_uom``; ``group_ids`` vs ``groups_id``; the bus notification of 17).

Usage:
    python3 scripts/build_addons.py [--out build/addons] [--series 17.0 ...] [--table]

Stdlib only; CI (scripts/check_addon.py) builds into a temporary folder and checks
each package against the rules of its series.
"""

import argparse
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "odoo_addon"
SOURCE_SERIES = "18.0"
SERIES = ("17.0", "18.0", "19.0")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")


@dataclass(frozen=True)
class Transform:
    name: str
    series: tuple
    files: str  # glob, relative to the module
    why: str
    apply: Callable[[str, str], str]  # (text, series) -> text


# ----------------------------------------------------------------------- all series


def _manifest_version(text, series):
    return re.sub(
        r'("version"\s*:\s*")' + re.escape(SOURCE_SERIES) + r"\.",
        lambda m: m.group(1) + series + ".",
        text,
    )


# ----------------------------------------------------------------------- 17.0


def _list_to_tree(text, series):
    text = re.sub(r"<list(?=[\s>/])", "<tree", text)
    return text.replace("</list>", "</tree>")


def _view_mode_tree(text, series):
    return re.sub(
        r'(<field name="view_mode">)([^<]*)(</field>)',
        lambda m: m.group(1) + re.sub(r"\blist\b", "tree", m.group(2)) + m.group(3),
        text,
    )


# ----------------------------------------------------------------------- 19.0


def _search_group_bare(text, series):
    """19 rejects attributes on a search view's <group> (it always groups "Group By")."""

    def strip(block):
        return re.sub(r"<group\b[^>]*>", "<group>", block.group(0))

    return re.sub(r"<search\b.*?</search>", strip, text, flags=re.S)


def _no_inline_target(text, series):
    """19 has no target="inline" on window actions (settings open in the current window)."""
    return re.sub(r'\n?[ \t]*<field name="target">inline</field>', "", text)


_CATEGORY_RECORD = re.compile(
    r'(?P<indent>[ \t]*)<record id="(?P<id>[\w.]+)" model="ir.module.category">(?P<body>.*?)</record>',
    re.S,
)


def _groups_privilege(text, series):
    """19: a group belongs to a res.groups.privilege (itself in the category), not to the
    category; its members are user_ids (was users)."""
    if 'model="res.groups"' not in text:
        return text
    categories = {}

    def add_privilege(m):
        cat_id = m.group("id")
        name = re.search(r'<field name="name">(.*?)</field>', m.group("body"), re.S)
        priv_id = "res_groups_privilege_" + re.sub(r"^module_category_", "", cat_id.split(".")[-1])
        categories[cat_id] = priv_id
        indent = m.group("indent")
        return (
            m.group(0)
            + f'\n\n{indent}<record id="{priv_id}" model="res.groups.privilege">\n'
            + f'{indent}    <field name="name">{name.group(1) if name else cat_id}</field>\n'
            + f'{indent}    <field name="category_id" ref="{cat_id}"/>\n'
            + f"{indent}</record>"
        )

    text = _CATEGORY_RECORD.sub(add_privilege, text)

    def group_record(m):
        body = m.group(0)

        def category_to_privilege(f):
            ref = f.group(1)
            if ref not in categories:
                raise ValueError(f"group in category {ref!r} defined in another file: add its privilege by hand")
            return f'<field name="privilege_id" ref="{categories[ref]}"/>'

        body = re.sub(r'<field name="category_id" ref="([\w.]+)"\s*/>', category_to_privilege, body)
        return re.sub(r'<field name="users"(?=[\s>/])', '<field name="user_ids"', body)

    return re.sub(r'<record\b[^>]*model="res.groups"[^>]*>.*?</record>', group_record, text, flags=re.S)


TRANSFORMS = (
    Transform(
        "manifest-version",
        SERIES,
        "__manifest__.py",
        f"the version starts with the series ({SOURCE_SERIES}.x.y.z -> <series>.x.y.z); "
        "Odoo refuses (17: fails database creation) a module of another series",
        _manifest_version,
    ),
    Transform(
        "list-to-tree",
        ("17.0",),
        "**/*.xml",
        "17 names the list view `<tree>` (`<list>` arrived in 18)",
        _list_to_tree,
    ),
    Transform(
        "view-mode-tree",
        ("17.0",),
        "**/*.xml",
        "17's `view_mode` says tree, not list",
        _view_mode_tree,
    ),
    Transform(
        "search-group-bare",
        ("19.0",),
        "**/*.xml",
        'a search view\'s `<group expand="0" string="Group By">` must be a bare `<group>` on 19',
        _search_group_bare,
    ),
    Transform(
        "no-inline-target",
        ("19.0",),
        "**/*.xml",
        'act_window `target` "inline" is gone on 19 (default "current")',
        _no_inline_target,
    ),
    Transform(
        "groups-privilege",
        ("19.0",),
        "security/*.xml",
        "19: res.groups.category_id -> privilege_id (a res.groups.privilege record in the "
        "category is added), res.groups.users -> user_ids",
        _groups_privilege,
    ),
)


def _migration_folders(package: Path, series: str, log):
    """migrations/18.0.x.y.z/ -> migrations/<series>.x.y.z/ (Odoo runs a folder whose
    full version lies between the installed and the new one)."""
    migrations = package / "migrations"
    if series == SOURCE_SERIES or not migrations.is_dir():
        return
    for folder in sorted(migrations.iterdir()):
        if folder.is_dir() and folder.name.startswith(SOURCE_SERIES + "."):
            target = migrations / (series + folder.name[len(SOURCE_SERIES) :])
            folder.rename(target)
            log(package.name, f"migrations/{folder.name}", "migration-folder", f"-> {target.name}")


def modules(source: Path = SOURCE):
    return sorted(p for p in source.iterdir() if (p / "__manifest__.py").is_file())


def build(out: Path, series_list=SERIES, source: Path = SOURCE, quiet=False):
    """Write every module for every series; return [(series, module, file, transform, note)]."""
    changes = []

    for series in series_list:
        if series not in SERIES:
            raise ValueError(f"unknown series {series!r} (known: {', '.join(SERIES)})")
        dest = out / series
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for module in modules(source):
            package = dest / module.name
            shutil.copytree(module, package, ignore=IGNORE)

            def log(mod, file, transform, note="", series=series):
                changes.append((series, mod, file, transform, note))

            for t in TRANSFORMS:
                if series not in t.series:
                    continue
                for path in sorted(package.glob(t.files)):
                    text = path.read_text(encoding="utf-8")
                    new = t.apply(text, series)
                    if new != text:
                        path.write_text(new, encoding="utf-8")
                        log(module.name, str(path.relative_to(package)), t.name)
            _migration_folders(package, series, log)
    if not quiet:
        for series, mod, file, transform, note in changes:
            print(f"{series}  {mod}/{file}: {transform} {note}".rstrip())
    return changes


def print_table():
    print("| transform | series | files | why |")
    print("|---|---|---|---|")
    for t in TRANSFORMS:
        print(f"| {t.name} | {', '.join(t.series)} | `{t.files}` | {t.why} |")
    print(
        "| migration-folder | 17.0, 19.0 | `migrations/18.0.*` | renamed to the series "
        "(migrations/19.0.1.1.0): Odoo compares the folder's full version |"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "addons")
    parser.add_argument("--series", nargs="*", default=list(SERIES))
    parser.add_argument("--table", action="store_true", help="print the transforms and exit")
    args = parser.parse_args(argv)
    if args.table:
        print_table()
        return 0
    build(args.out, tuple(args.series))
    for series in args.series:
        print(f"wrote {args.out / series}: {', '.join(m.name for m in modules())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
