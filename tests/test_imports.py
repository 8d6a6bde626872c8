"""The import structure: no import inside a function that could hide a cycle, no cycle among the modules,
and the packages depend one way (labels <- analysis <- engine <- evaluation)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "auditor"

# importing module -> (the modules it may load inside a function, why): only slow dependencies that most
# callers never need
LAZY = {
    "auditor.parsers": (
        {f"auditor.parsers.{fmt}" for fmt in ("pdf", "docx", "legacy", "odt", "rtf")},
        "each format's libraries (pdfium, pdfplumber, python-docx, lxml, OCR) load in the parsing worker only for a "
        "file of that format",
    ),
    "auditor.reports": ({"auditor.reports.docx", "auditor.reports.html", "auditor.reports.pdf"},
                        "matplotlib and WeasyPrint, only when a report is built"),
}
LAYERS = {  # package -> the project packages it must not import
    "auditor.labels": ("auditor.",),
    "auditor.analysis": ("auditor.engine", "auditor.evaluation", "auditor.store", "auditor.reports", "auditor.web"),
    "auditor.engine": ("auditor.evaluation", "auditor.store", "auditor.reports", "auditor.web"),
}


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): ast.parse(path.read_text(encoding="utf-8")) for path in ROOT.rglob("*.py")}


def _imports(node: ast.AST, importer: str) -> set[str]:
    """The project modules an import statement runs: the module it names (or, for `from package import
    submodule`, the submodule) and the packages above it, less the importer's own packages, which Python
    has already started before the importer."""
    if isinstance(node, ast.Import):
        targets = {alias.name for alias in node.names}
    elif isinstance(node, ast.ImportFrom) and node.module:
        submodules = {f"{node.module}.{alias.name}" for alias in node.names} & MODULES.keys()
        names = len(submodules) < len(node.names)  # names defined in the module itself
        targets = submodules | ({node.module} if names else set())
    else:
        return set()
    own = {".".join(importer.split(".")[:n]) for n in range(1, importer.count(".") + 2)}
    with_packages = {".".join(t.split(".")[:n]) for t in targets for n in range(1, t.count(".") + 2)}
    return {t for t in with_packages - own if t in MODULES} - {importer}


def _function_level(name: str, tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every project import inside a function; only the modules it names, not their packages."""
    found = []
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                named = _imports(node, name)
                found += [(node.lineno, target) for target in named
                          if not any(other.startswith(target + ".") for other in named)]
    return found


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name, tree in MODULES.items():
        allowed = LAZY.get(name, (set(), ""))[0]
        lazy_lines = {line for line, target in _function_level(name, tree) if target in allowed}
        graph[name] = {target for node in ast.walk(tree) if getattr(node, "lineno", None) not in lazy_lines
                       for target in _imports(node, name)}
    return graph


def test_no_function_level_import_of_the_project_but_the_listed_slow_ones():
    hidden = [f"{name}:{line} imports {target}" for name, tree in sorted(MODULES.items())
              for line, target in _function_level(name, tree) if target not in LAZY.get(name, (set(), ""))[0]]
    assert not hidden, "move these imports to the top of the module (or list a slow one in LAZY):\n" + "\n".join(hidden)


def test_the_module_import_graph_has_no_cycle():
    graph = _graph()
    state: dict[str, str] = {}
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(path[path.index(target):] + [module, target]) if target in path
                              else f"{module} -> {target}")
            elif target not in state:
                visit(target, path + [module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_packages_depend_one_way(package):
    graph = _graph()
    wrong = sorted(f"{name} imports {target}" for name, targets in graph.items()
                   if name == package or name.startswith(package + ".")
                   for target in targets if target.startswith(LAYERS[package]))
    assert not wrong, "\n".join(wrong)
