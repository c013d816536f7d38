"""The package rules of docs/architecture.md, kept by reading the code's imports and calls.

Each rule names the one module that owns something; the test fails when
another module starts doing it itself (and so says where to look).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "familjeguiden"
FEATURES = {"accounts", "admin", "courses", "editor", "inbox", "opendata", "pages", "questions", "safety", "search"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def imported(relative: str, tree: ast.AST):
    """Every module ``relative`` imports, as a dotted name under familjeguiden (or a third-party name)."""
    here = ["familjeguiden", *relative.removesuffix(".py").split("/")]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            yield name
            for alias in node.names:  # ``from ..search import engine`` imports a module
                if _is_module(f"{name}.{alias.name}"):
                    yield f"{name}.{alias.name}"


def _is_module(dotted: str) -> bool:
    parts = dotted.split(".")
    if parts[0] != "familjeguiden":
        return False
    path = PACKAGE.joinpath(*parts[1:])
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def calls(tree: ast.AST, name: str):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called == name:
                yield node.lineno


def package_of(relative: str) -> str:
    return relative.split("/")[0] if "/" in relative else ""


def test_only_search_imports_whoosh_and_others_use_its_interface():
    wrong = []
    for relative, tree in modules():
        for name in imported(relative, tree):
            if name.split(".")[0] == "whoosh" and package_of(relative) != "search":
                wrong.append(f"{relative}: {name}")
            inner = name.startswith("familjeguiden.search.") and _is_module(name)
            # models.py imports every model so that SQLAlchemy (and Alembic) know them.
            if inner and package_of(relative) != "search" and relative != "models.py":
                wrong.append(f"{relative}: {name}")
    assert wrong == [], "only familjeguiden/search imports whoosh or search's modules"


def test_the_outbox_depends_on_no_feature():
    wrong = [f"{relative}: {name}" for relative, tree in modules() if package_of(relative) == "mail"
             for name in imported(relative, tree)
             if name.startswith("familjeguiden.") and name.split(".")[1] in FEATURES]
    assert wrong == [], "mail/ must not import feature packages: they give it their links (register_link)"


def test_case_history_and_status_are_written_only_by_the_lifecycle():
    wrong = []
    for relative, tree in modules():
        if relative in ("questions/lifecycle.py", "questions/models.py"):
            continue
        wrong += [f"{relative}:{line} CaseEvent(...)" for line in calls(tree, "CaseEvent")]
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if (isinstance(target, ast.Attribute) and target.attr == "status"
                            and isinstance(target.value, ast.Name) and target.value.id in ("question", "q")):
                        wrong.append(f"{relative}:{node.lineno} question.status = ...")
    assert wrong == [], "status moves and history lines go through questions.lifecycle"


def test_content_goes_live_only_through_publishing():
    owners = {"pages/publishing.py", "pages/catalogue.py"}
    wrong = [f"{relative}:{line} {name}" for relative, tree in modules() if relative not in owners
             for name in ("record_change", "bump_generation") for line in calls(tree, name)]
    wrong += [f"{relative}:{node.lineno} content_changed.send" for relative, tree in modules()
              if relative != "pages/publishing.py" for node in ast.walk(tree)
              if isinstance(node, ast.Attribute) and node.attr == "send"
              and isinstance(node.value, ast.Name) and node.value.id == "content_changed"]
    assert wrong == [], "pages.publishing makes content live and tells search (went_live)"
