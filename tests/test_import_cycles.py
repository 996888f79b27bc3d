"""No import cycle inside pos_app: each module can be read (and loaded) after what it imports.

Module-level imports only, as Python runs them when the module loads: imports inside a
function run later and imports under ``if TYPE_CHECKING:`` never run, so neither can make a
cycle at import time (they are what a deliberate late import looks like).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "pos_app"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports that run when the module loads: top level, and inside top-level
    ``if``/``try``/``with`` blocks (never a function or class body run later)."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not is_type_checking(node.test):
                yield from module_level_imports(node.body)
            yield from module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from module_level_imports(block)
            for handler in node.handlers:
                yield from module_level_imports(handler.body)
        elif isinstance(node, ast.With):
            yield from module_level_imports(node.body)


def resolve(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The pos_app modules an import statement names (``from pkg import sub`` names the
    submodule when ``sub`` is one)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if node.level:
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    return {target} | {f"{target}.{alias.name}" for alias in node.names}


def import_graph() -> dict[str, set[str]]:
    paths = sorted((ROOT / PACKAGE).rglob("*.py"))
    modules = {module_name(path): path for path in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"))
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in module_level_imports(tree.body):
            targets |= resolve(name, is_package, node)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_pos_app_has_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles in pos_app: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_check_sees_a_cycle_and_ignores_type_checking_imports() -> None:
    """The walk itself: a cycle is found; an import under TYPE_CHECKING is no edge."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    source = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "import pos_app.x\n"
        "if TYPE_CHECKING:\n"
        "    from pos_app.y import Y\n"
        "def late():\n"
        "    import pos_app.z\n"
    )
    names = set()
    for node in module_level_imports(source.body):
        names |= resolve("pos_app.m", False, node)
    assert "pos_app.x" in names
    assert not {"pos_app.y", "pos_app.z"} & names
    relative = ast.parse("from .sale import Sale\nfrom . import checkout\n")
    names = set()
    for node in module_level_imports(relative.body):
        names |= resolve("pos_app.services.merchant_qr", False, node)
    assert {"pos_app.services.sale", "pos_app.services.checkout"} <= names


def test_the_merchant_qr_service_does_not_know_the_checkout() -> None:
    """Both take their payments from the Sale: the merchant-QR service names no checkout,
    not even for type hints (that hidden cycle is what the Sale replaced)."""
    path = ROOT / PACKAGE / "services" / "merchant_qr.py"
    named = {
        node.module
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom)
    }
    assert "pos_app.services.checkout" not in named
