"""The structure of docs/architecture.md, held against the code.

- Floors, one way down: an app imports only the apps below it and the kernel (``base``), which
  imports no app; ``hallbar`` at the top composes them all. Imports inside functions count too.
- No circle between modules.
- Who may do what is read from a person's roles only in an ``access.py``.
- No module is longer than a reader holds at once.

Each failure prints the offending import, line or module.
"""

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "base"
TOP = "hallbar"

# Each app and the apps it may import (besides the kernel); the floors of docs/architecture.md.
FLOORS: dict[str, set[str]] = {
    KERNEL: set(),
    "regions": set(),
    "riskanalys": {"regions"},
    "ekonomi": {"regions"},
    "krav": {"regions", "riskanalys"},
    "revisioner": {"regions", "riskanalys", "krav"},
    "incidenter": {"regions", "riskanalys", "krav", "revisioner"},
    "akademi": {"regions", "riskanalys", "krav", "revisioner"},
    "sjalvskattning": {"regions", "riskanalys", "krav", "revisioner"},
    "api": {"regions", "riskanalys", "krav", "revisioner", "incidenter"},
    "sso": {"regions"},
}
APPS = [*FLOORS, TOP]
FLOORS[TOP] = set(APPS)

# What a person's roles amount to (regions.access.Scope); read only by the rules in access.py.
ROLE_ATTRIBUTES = {"is_secretariat", "roles", "coordinated_procurement_region_ids", "contact_region_ids"}
ROLE_READERS = {"get_scope"}
MAX_LINES = 600


@cache
def modules() -> dict[str, Path]:
    """Every module of the project's packages, by dotted name; migrations left out."""
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


@cache
def tree_of(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text(), filename=str(modules()[name]))


def resolve(target: str) -> str | None:
    """The project module that an imported name lives in, or None for anything outside the project."""
    while target:
        if target in modules():
            return target
        target = target.rpartition(".")[0]
    return None


@cache
def imports() -> list[tuple[str, str, int]]:
    """(importing module, imported module, line) for every import of a project module."""
    found = set()
    for name in modules():
        for node in ast.walk(tree_of(name)):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                imported = resolve(target)
                if imported and imported != name:
                    found.add((name, imported, node.lineno))
    return sorted(found)


def app_of(module: str) -> str:
    return module.partition(".")[0]


def test_every_app_has_a_floor():
    on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert on_disk <= set(APPS), f"apps without a floor in FLOORS: {sorted(on_disk - set(APPS))}"


def test_no_import_runs_against_the_floors():
    against = [
        f"{modules()[importer].relative_to(ROOT)}:{line}: {importer} imports {imported}"
        for importer, imported, line in imports()
        if app_of(imported) not in {app_of(importer), KERNEL, *FLOORS[app_of(importer)]}
    ]
    assert not against, "imports against the floors:\n" + "\n".join(against)


def test_the_kernel_imports_no_app():
    upward = [
        f"{modules()[importer].relative_to(ROOT)}:{line}: {importer} imports {imported}"
        for importer, imported, line in imports()
        if app_of(importer) == KERNEL and app_of(imported) != KERNEL
    ]
    assert not upward, "the kernel imports an app:\n" + "\n".join(upward)


def circles() -> list[list[str]]:
    """The strongly connected groups of two or more modules (Tarjan), each a circle of imports."""
    graph = defaultdict(set)
    for importer, imported, _line in imports():
        graph[importer].add(imported)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph[node]:
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in list(modules()):
        if node not in index:
            visit(node)
    return groups


def test_no_circle_between_modules():
    found = circles()
    lines = []
    for group in found:
        members = set(group)
        lines += [f"  {a} -> {b} (line {line})" for a, b, line in imports() if a in members and b in members]
    assert not found, "modules that import each other in a circle:\n" + "\n".join(lines)


def test_the_import_guard_sees_an_import_inside_a_function():
    """The guard must see what an import inside a function hides (the circles it was written for)."""
    source = "def later():\n    from krav.models import Requirement\n"
    found = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)]
    assert [node.module for node in found] == ["krav.models"]
    assert resolve("krav.models.Requirement") == "krav.models"


def role_reads(name: str) -> list[str]:
    found = []
    for node in ast.walk(tree_of(name)):
        if isinstance(node, ast.Attribute) and node.attr in ROLE_ATTRIBUTES:
            found.append(f"{modules()[name].relative_to(ROOT)}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in ROLE_READERS:
            found.append(f"{modules()[name].relative_to(ROOT)}:{node.lineno}: {node.id}")
    return found


def is_access_module(name: str) -> bool:
    return name.rpartition(".")[2] == "access"


@pytest.mark.parametrize("app", APPS)
def test_roles_are_read_only_in_access_modules(app):
    reads = [
        read for name in modules() if app_of(name) == app and not is_access_module(name) for read in role_reads(name)
    ]
    assert not reads, f"{app} reads roles outside its access.py (ask a rule there instead):\n" + "\n".join(reads)


TEMPLATE_ROLE_READ = re.compile(
    r"\b(is_secretariat|coordinated_procurement_region_ids|contact_region_ids|scope\.roles)\b"
)


def test_templates_read_no_role():
    reads = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if TEMPLATE_ROLE_READ.search(line)
    ]
    assert not reads, "templates that read roles (use the `can` object):\n" + "\n".join(reads)


def test_the_role_guard_sees_a_role_read():
    assert role_reads("regions.access"), "regions/access.py reads roles; the guard must see it"


def test_no_module_is_longer_than_a_reader_holds_at_once():
    tests = sorted((ROOT / "tests").rglob("*.py"))
    long = {
        str(path.relative_to(ROOT)): count
        for path in [*modules().values(), *tests]
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines (split them by subject): {long}"
