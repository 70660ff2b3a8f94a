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
    """Decisions, the review queue, the person view, intake and the dashboard's figures
    live in services only."""
    gone = (
        "decisions.py",
        "review_queue.py",
        "person_page.py",
        "intake_form.py",
        "stats.py",
        "verdicts.py",
    )
    assert [n for n in gone if (SRC / "web" / n).exists()] == []
