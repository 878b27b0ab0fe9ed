"""Who imports whom inside rembug, read from the source with `ast` (issue 10, point 2; docs/architecture.md).

Not imported by the running site: `tests/test_architecture.py` uses it to refuse cycles, upward imports and
cross-app private names, and `python -m rembug.architecture --mermaid` prints the picture kept in
docs/architecture.md. Standard library only, so it runs without Django settings.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# The apps, lowest first: an app may import only apps that come before it here (docs/architecture.md says what
# each one owns). A lower app that must tell a higher one something sends a signal or asks a registry.
LAYERS: tuple[str, ...] = (
    "regions",
    "agencies",
    "vocabularies",
    "accounts",
    "cycles",
    "proposals",
    "notifications",
    "conditions",
    "verification",
    "sipd",
    "forums",
    "scoring",
    "budget",
    "delivery",
    "portal",
    "guide",
    "dashboard",
    "api",
    "demo",
    "backups",
)

# Pure algorithms: no Django, no app, no shared project module.
PURE_PACKAGES: tuple[str, ...] = ("ranking", "fitting")

# Project-level modules every app may use; they sit below every app and may import no app themselves.
SHARED_MODULES: tuple[str, ...] = (
    "errors",
    "bounds",
    "fieldhelp",
    "history",
    "middleware",
    "pdf",
    "rupiah",
    "formats",
    "http",
    "spreadsheets",
    "spreadsheet_writers",
    "xlsx_guard",
    "uploads",
    "webforms",
    "dbrouter",
)

# The project's wiring (settings, root urls, wsgi/asgi) sits above every app: it may import all of them.
WIRING_MODULES: tuple[str, ...] = ("__init__", "settings", "urls", "wsgi", "asgi", "manage", "architecture")


@dataclass(frozen=True)
class Import:
    """One reference from a module of rembug to another part of rembug."""

    source: str  # importing unit: an app, a pure package, or a shared module name
    target: str  # imported unit
    path: str  # file, relative to the repository root
    line: int
    name: str  # what was imported, e.g. "rembug.forums.services._record" or 'apps.is_installed("rembug.x")'
    private: bool  # the imported name (or a module on its path) starts with one underscore


def _unit_of(root: Path, parts: list[str]) -> str | None:
    """The unit (app, pure package or project module) that a dotted path under rembug belongs to."""
    if not parts:
        return None
    head = parts[0]
    if (root / head).is_dir() and ((root / head / "apps.py").exists() or head in PURE_PACKAGES):
        return head
    if (root / f"{head}.py").exists():
        return head
    return None


def _is_private(parts: list[str]) -> bool:
    return any(p.startswith("_") and not p.startswith("__") for p in parts)


def _python_files(root: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if "migrations" in rel.parts:
            continue  # snapshots Django writes; they follow the models, which are checked
        unit = _unit_of(root, [rel.parts[0].removesuffix(".py")])
        if unit is not None:
            yield unit, path


def _string_argument(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


_RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _module_exists(root: Path, parts: list[str]) -> bool:
    path = root.joinpath(*parts)
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _references(root: Path, unit: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = str(path.relative_to(root.parent))
    module_parts = list(path.relative_to(root).with_suffix("").parts)
    if path.name == "__init__.py":
        module_parts.append("__init__")
    modules: dict[str, list[str]] = {}  # local name → the rembug module it is bound to (for `module._name`)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "rembug":
                    if alias.asname:
                        modules[alias.asname] = parts[1:]
                    yield from _reference(root, unit, rel, node.lineno, parts[1:], alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against this module's package
                base = module_parts[: len(module_parts) - node.level]
                parts = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "rembug":
                parts = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                full = [*parts, alias.name]
                if _module_exists(root, full):
                    modules[alias.asname or alias.name] = full
                yield from _reference(root, unit, rel, node.lineno, full, ".".join(["rembug", *full]))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            # `services._lock_draft(...)` after `from rembug.forums import services`: a private name all the same.
            if node.attr.startswith("_") and not node.attr.startswith("__"):
                full = [*modules[node.value.id], node.attr]
                yield from _reference(root, unit, rel, node.lineno, full, ".".join(["rembug", *full]))
        elif isinstance(node, ast.Call):
            yield from _string_references(root, unit, rel, node)


def _string_references(root: Path, unit: str, rel: str, node: ast.Call) -> Iterator[Import]:
    """Dependencies written as strings: apps.is_installed("rembug.x"), apps.get_model("x", ...), ForeignKey("x.M")."""
    func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    argument = _string_argument(node)
    if func in _RELATION_FIELDS:
        for keyword in node.keywords:
            if keyword.arg == "to" and isinstance(keyword.value, ast.Constant):
                argument = keyword.value.value
        if isinstance(argument, str) and argument.count(".") == 1:
            label = argument.split(".")[0]
            yield from _reference(root, unit, rel, node.lineno, [label], f'{func}("{argument}")')
    elif argument is None:
        return
    elif func == "is_installed" and argument.startswith("rembug."):
        yield from _reference(root, unit, rel, node.lineno, argument.split(".")[1:], f'apps.is_installed("{argument}")')
    elif func == "get_model" and "." not in argument:
        yield from _reference(root, unit, rel, node.lineno, [argument], f'apps.get_model("{argument}", ...)')


def _reference(root: Path, unit: str, rel: str, line: int, parts: list[str], name: str) -> Iterator[Import]:
    target = _unit_of(root, parts)
    if target is None or target == unit:
        return
    yield Import(source=unit, target=target, path=rel, line=line, name=name, private=_is_private(parts[1:]))


def imports(root: Path = PACKAGE_DIR) -> list[Import]:
    """Every reference from one unit of rembug to another, module level and inside functions alike."""
    found: list[Import] = []
    for unit, path in _python_files(root):
        found.extend(_references(root, unit, path))
    return found


def apps(root: Path = PACKAGE_DIR) -> list[str]:
    """The folders of rembug/ that are Django apps."""
    return sorted(p.parent.name for p in root.glob("*/apps.py"))


def app_graph(found: list[Import] | None = None, root: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """App → the apps it imports (project modules and pure packages left out)."""
    app_names = set(apps(root))
    graph: dict[str, set[str]] = {name: set() for name in app_names}
    for ref in imports(root) if found is None else found:
        if ref.source in app_names and ref.target in app_names:
            graph[ref.source].add(ref.target)
    return graph


def tangles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of apps that can each reach the others (strongly connected, more than one app; Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One shortest cycle through each tangle, e.g. ["forums", "scoring", "forums"]."""
    return [_cycle_path(graph, group) for group in tangles(graph)]


def _cycle_path(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """A shortest path from the group's first app back to itself, staying inside the group."""
    start = group[0]
    members = set(group)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node] & members):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    return group


def undeclared_units(root: Path = PACKAGE_DIR) -> list[str]:
    """Apps missing from LAYERS and project modules missing from SHARED_MODULES or WIRING_MODULES."""
    declared = {*LAYERS, *PURE_PACKAGES, *SHARED_MODULES, *WIRING_MODULES}
    units = {unit for unit, _ in _python_files(root)} | set(apps(root))
    return sorted(units - declared)


def layer_violations(found: list[Import] | None = None) -> list[Import]:
    """References against LAYERS, from a project module or pure package into an app, or into the wiring."""
    rank = {name: i for i, name in enumerate(LAYERS)}
    wrong = []
    for ref in imports() if found is None else found:
        if ref.source in WIRING_MODULES:
            continue
        if ref.target in WIRING_MODULES:
            wrong.append(ref)  # settings are read through django.conf.settings, URLs through reverse()
        elif ref.source in rank and ref.target in rank:
            if rank[ref.target] > rank[ref.source]:
                wrong.append(ref)
        elif (ref.source in SHARED_MODULES and ref.target not in SHARED_MODULES) or (
            ref.source in PURE_PACKAGES and ref.target not in PURE_PACKAGES
        ):
            wrong.append(ref)
    return wrong


def private_imports(found: list[Import] | None = None) -> list[Import]:
    """References to a private name (`_name`) or private module of another unit."""
    return [ref for ref in (imports() if found is None else found) if ref.private]


def django_imports(package: str, root: Path = PACKAGE_DIR) -> list[tuple[str, int, str]]:
    """(file, line, module) for every import of Django, its add-ons or rembug in a pure package."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in {"django", "rest_framework", "knox", "rules", "rembug"}:
                    found.append((str(path.relative_to(root.parent)), node.lineno, name))
    return found


def reduced(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph without the edges another path already implies (a → c dropped when a → b → c): the picture."""

    def reachable(start: str, skip: str) -> set[str]:
        seen: set[str] = set()
        todo = [n for n in graph[start] if n != skip]
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, ()))
        return seen

    return {a: {b for b in targets if b not in reachable(a, b)} for a, targets in graph.items()}


def _ordered(graph: dict[str, set[str]]) -> list[str]:
    return [name for name in LAYERS if name in graph] + sorted(set(graph) - set(LAYERS))


def mermaid(graph: dict[str, set[str]] | None = None) -> str:
    """The app graph, reduced, as a Mermaid block: lowest layer at the bottom, arrows point at what is imported."""
    graph = app_graph() if graph is None else graph
    ordered = _ordered(graph)
    picture = reduced(graph)
    lines = ["```mermaid", "graph BT"]
    for source in ordered:
        lines += [f"    {source} --> {target}" for target in sorted(picture[source], key=ordered.index)]
        if not picture[source] and not any(source in t for t in picture.values()):
            lines.append(f"    {source}")
    lines.append("```")
    return "\n".join(lines)


DOC_BEGIN = "<!-- generated by `python -m rembug.architecture --doc`; tests/test_architecture.py keeps it current -->"
DOC_END = "<!-- end of generated part -->"


def doc_section(graph: dict[str, set[str]] | None = None) -> str:
    """The generated part of docs/architecture.md: the picture, then every app's direct imports."""
    graph = app_graph() if graph is None else graph
    ordered = _ordered(graph)
    rows = ["| Layer | App | Imports directly |", "|---:|---|---|"]
    for number, name in enumerate(ordered, start=1):
        direct = ", ".join(sorted(graph[name], key=ordered.index)) or "—"
        rows.append(f"| {number} | {name} | {direct} |")
    return "\n".join([DOC_BEGIN, "", mermaid(graph), "", *rows, "", DOC_END])


def main(argv: list[str]) -> int:
    """`--mermaid`: the picture; `--doc`: the generated part of docs/architecture.md; else every breach found."""
    if "--mermaid" in argv:
        print(mermaid())
        return 0
    if "--doc" in argv:
        print(doc_section())
        return 0
    found = imports()
    breaches = 0
    for name in undeclared_units():
        breaches += 1
        print(f"undeclared: {name} (add it to LAYERS, SHARED_MODULES or WIRING_MODULES)")
    for cycle in cycles(app_graph(found)):
        breaches += 1
        print("cycle:", " → ".join(cycle))
    for ref in layer_violations(found):
        breaches += 1
        print(f"upward: {ref.path}:{ref.line} {ref.source} → {ref.target} ({ref.name})")
    for ref in private_imports(found):
        breaches += 1
        print(f"private: {ref.path}:{ref.line} {ref.source} → {ref.target} ({ref.name})")
    for package in PURE_PACKAGES:
        for path, line, name in django_imports(package):
            breaches += 1
            print(f"impure: {path}:{line} imports {name}")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
