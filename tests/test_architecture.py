"""The package's layers: each imports only the layers below it, and nothing imports in a circle.

Layers, bottom up (README "Layout"): common → language → archive | extract → dataset →
desk → the top (cli, scoring). `archive` and `extract` are siblings: neither imports the
other. Every import counts, also one inside a function.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "hl_extract"
RANK = {"common": 0, "language": 1, "archive": 2, "extract": 2, "dataset": 3, "desk": 4}
TOP = 9  # hl_extract/*.py: cli, scoring, __init__, __main__
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str | None:
    """The layer a module belongs to: its first package under hl_extract (None at the top)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def rank(module: str) -> int:
    return RANK[layer(module)] if layer(module) else TOP


def forbidden(mod: str, target: str) -> bool:
    """Whether `mod` may not import `target`: same layer is fine, else only lower ones."""
    if layer(target) == layer(mod):
        return False
    return rank(target) >= rank(mod)


def imports_of(path: Path) -> list[tuple[str, tuple[str, ...], int]]:
    """(module, names, line) of every hl_extract import in a file, relative ones resolved."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base == "hl_extract" or base.startswith("hl_extract."):
                found.append((base, tuple(a.name for a in node.names), node.lineno))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("hl_extract"):
                    found.append((a.name, (), node.lineno))
    return found


def targets(base: str, names: tuple[str, ...], known: set[str]) -> list[str]:
    """The modules an import loads: `from P import m` names module P.m when it exists."""
    subs = [f"{base}.{n}" for n in names if f"{base}.{n}" in known]
    return subs or [base]


def graph() -> tuple[dict, list[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(files)
    edges, upward = {}, []
    for mod, path in files.items():
        edges[mod] = set()
        for base, names, line in imports_of(path):
            if base == "hl_extract" and set(names) <= {"__version__"}:
                continue  # the root's version: its __init__ imports nothing at load time
            for target in targets(base, names, known):
                edges[mod].add(target)
                if forbidden(mod, target):
                    upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {mod} imports "
                                  f"{target} (layer {layer(target) or 'top'} is not below "
                                  f"{layer(mod) or 'top'})")
    return edges, upward


def cycles(edges: dict) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in edges:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_runs_upward_or_across_siblings():
    _, upward = graph()
    assert upward == []


def test_no_import_cycle():
    edges, _ = graph()
    assert cycles(edges) == []


def test_the_checker_sees_what_it_must_refuse():
    """The checks above can fail: an upward import and a cycle written on purpose are found."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert forbidden("hl_extract.language.text", "hl_extract.desk.report")      # upward
    assert forbidden("hl_extract.archive.html", "hl_extract.extract.figures")   # sibling
    assert forbidden("hl_extract.desk.verify", "hl_extract.cli")                # the top
    assert not forbidden("hl_extract.desk.verify", "hl_extract.extract.figures")
    assert not forbidden("hl_extract.extract.figures", "hl_extract.extract.metrics")
    assert not forbidden("hl_extract.cli", "hl_extract.scoring")


def test_root_imports_nothing_at_load_time():
    """`from hl_extract import __version__` is allowed everywhere because of this."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert all(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in top_level)


@pytest.mark.parametrize("name", sorted(RANK))
def test_each_layer_says_what_it_holds_and_may_import(name):
    doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "May import" in doc, f"hl_extract/{name}/__init__.py needs its docstring"


def test_no_layer_outside_the_table():
    """A new subpackage must be given its place in RANK (and in the README's Layout)."""
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert subpackages - {"rules"} <= set(RANK)


def test_no_module_over_the_size_limit():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_tests_mirror_the_layers():
    """tests/<folder>/ exists only for a layer of the package (plus fixtures and support)."""
    tests = Path(__file__).resolve().parent
    folders = {p.name for p in tests.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    layers = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert folders - {"fixtures", "support"} <= layers, folders - layers
    assert sorted(p.name for p in tests.glob("test_*.py")) == ["test_architecture.py", "test_cli.py",
                                                                "test_fuzz.py", "test_scoring.py"]


def test_every_package_is_installed():
    """A subpackage missing from pyproject's `packages` is left out of a non-editable install
    (`pip install .`): the README's commands would fail on a fresh machine."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    root = Path(__file__).resolve().parent.parent
    listed = set(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "hl_extract").rglob("__init__.py")}
    assert found - listed == set()


def test_ci_runs_the_readme_test_command():
    """`.ci/run` calls exactly the README's command that installs and runs the tests."""
    root = Path(__file__).resolve().parent.parent
    ci = [ln for ln in (root / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if ln.startswith("python3 -m venv")]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert len(ci) == 1 and ("\n" + ci[0] + "\n") in readme
