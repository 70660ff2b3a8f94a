"""The layers read domain/algorithms <- services <- (cli | web | python): checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import vigil

SRC = Path(vigil.__file__).parent


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _module(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package(module: str) -> str:
    """The part of `vigil` a module belongs to: `vigil.services.intake` -> services,
    `vigil.config` -> config, `vigil` itself -> vigil."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


# Outer layers, in order: none may be imported by a layer listed before it.
CALLERS = ("services", "web", "cli", "facade", "vigil")
# Inner packages: domain vocabulary, pure algorithms and the store. None imports a caller.
INNER = ("audit", "claims", "config", "domain", "errors", "estimate", "evidence", "grading",
         "ingest", "linkage", "names", "normalize", "places", "security", "statement", "store",
         "synth")  # fmt: skip


def _package_imports() -> dict[str, dict[str, set[str]]]:
    """package -> package it imports -> the modules that import it."""
    graph: dict[str, dict[str, set[str]]] = {}
    for path in SRC.rglob("*.py"):
        module = _module(path)
        source = _package(module)
        for name in _imports(path):
            if name.startswith("vigil."):
                target = _package(name)
                if target != source:
                    graph.setdefault(source, {}).setdefault(target, set()).add(module)
    return graph


def forbidden_imports(graph: dict[str, dict[str, set[str]]]) -> list[str]:
    """Imports that point outward: an inner package importing services, web, cli or the
    facade, services importing web or cli, web importing cli or the facade."""
    bad = []
    for source, targets in sorted(graph.items()):
        if source in INNER:
            outward = set(CALLERS)
        elif source in CALLERS:
            outward = set(CALLERS[CALLERS.index(source) + 1 :]) - {"vigil"}
        else:
            outward = set()
        for target in sorted(outward & set(targets)):
            bad.extend(f"{m} imports vigil.{target}" for m in sorted(targets[target]))
    return bad


def package_cycles(graph: dict[str, dict[str, set[str]]]) -> list[tuple[str, ...]]:
    """Every cycle of imports between packages, each once (from its smallest package)."""
    cycles: list[tuple[str, ...]] = []

    def walk(node: str, path: tuple[str, ...]) -> None:
        for nxt in sorted(graph.get(node, {})):
            if nxt == path[0]:
                cycles.append((*path, nxt))
            elif nxt not in path and nxt > path[0]:
                walk(nxt, (*path, nxt))

    for start in sorted(graph):
        walk(start, (start,))
    return cycles


def test_no_inner_package_imports_an_outer_layer() -> None:
    graph = _package_imports()
    assert set(graph) <= set(INNER) | set(CALLERS), "a new package: place it in INNER or CALLERS"
    assert forbidden_imports(graph) == []


def test_no_import_cycle_between_packages() -> None:
    assert package_cycles(_package_imports()) == []


def test_the_checks_see_a_forbidden_import_and_a_cycle() -> None:
    """The two checks above would fail on a store importing a service (a cycle too)."""
    graph = _package_imports()
    graph.setdefault("store", {}).setdefault("services", set()).add("vigil.store.db")
    assert forbidden_imports(graph) == ["vigil.store.db imports vigil.services"]
    assert ("services", "store", "services") in package_cycles(graph)


def test_the_store_imports_no_service() -> None:
    offenders = {
        _module(p): sorted(m for m in _imports(p) if m.startswith("vigil.services"))
        for p in (SRC / "store").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_import_cycle_among_services() -> None:
    graph: dict[str, set[str]] = {}
    for p in (SRC / "services").glob("*.py"):
        name = _module(p)
        graph[name] = {
            m for m in _imports(p) if m.startswith("vigil.services.") and m.count(".") == 2
        } - {name}
    cycles: list[tuple[str, ...]] = []

    def walk(node: str, path: tuple[str, ...]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == path[0]:
                cycles.append((*path, nxt))
            elif nxt not in path and nxt > path[0]:
                walk(nxt, (*path, nxt))

    for start in sorted(graph):
        walk(start, (start,))
    assert cycles == []


def test_the_web_layer_holds_no_use_case() -> None:
    """Decisions, the review queue, the person view, intake, person search and the
    dashboard's figures live in services only."""
    gone = (
        "decisions.py",
        "review_queue.py",
        "person_page.py",
        "intake_form.py",
        "names.py",
        "search.py",
        "stats.py",
        "verdicts.py",
    )
    assert [n for n in gone if (SRC / "web" / n).exists()] == []
