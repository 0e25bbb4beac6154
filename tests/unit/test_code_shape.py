"""The code stays readable in a sitting: no module in app/ or ui/ over 700 lines, no
function or method over 80.

Sizes are measured on the syntax tree: a module by its line count, a function from its
``def`` line to its last line (``end_lineno - lineno + 1``; decorators excluded, nested
functions and classes counted in their enclosing function and again on their own).
Run with ``-s`` to see the largest five of each.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "ui")
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 80


@dataclass(frozen=True)
class Size:
    """The size in lines of one module or function, and where it is."""

    lines: int
    where: str

    def __str__(self) -> str:
        return f"{self.lines:5d}  {self.where}"


def function_sizes(source: str, module: str) -> list[Size]:
    """Every function and method of ``source``, named ``module:line Qualified.name``."""
    out: list[Size] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                end = child.end_lineno or child.lineno
                out.append(Size(end - child.lineno + 1, f"{module}:{child.lineno} {name}"))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return out


def measure(packages: tuple[str, ...]) -> tuple[list[Size], list[Size]]:
    """``(modules, functions)`` of every ``*.py`` under ``packages``, largest first."""
    modules: list[Size] = []
    functions: list[Size] = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            where = path.relative_to(ROOT).as_posix()
            modules.append(Size(len(source.splitlines()), where))
            functions += function_sizes(source, where)
    modules.sort(key=lambda s: (-s.lines, s.where))
    functions.sort(key=lambda s: (-s.lines, s.where))
    return modules, functions


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_or_function_too_long(package: str) -> None:
    modules, functions = measure((package,))
    long_modules = [str(m) for m in modules if m.lines > MAX_MODULE_LINES]
    long_functions = [str(f) for f in functions if f.lines > MAX_FUNCTION_LINES]
    assert not long_modules and not long_functions, (
        f"modules over {MAX_MODULE_LINES} lines:\n"
        + "\n".join(long_modules or ["(none)"])
        + f"\nfunctions over {MAX_FUNCTION_LINES} lines:\n"
        + "\n".join(long_functions or ["(none)"])
    )


def test_largest_modules_and_functions() -> None:
    modules, functions = measure(PACKAGES)
    print("\nlargest modules (lines):")
    print("\n".join(str(m) for m in modules[:5]))
    print("largest functions (lines, decorators excluded):")
    print("\n".join(str(f) for f in functions[:5]))
    # The walk really saw the code base (it cannot pass on an empty or partial walk).
    for package in PACKAGES:
        assert sum(m.where.startswith(package + "/") for m in modules) >= 30, package
    assert len(modules) >= 120
    assert len(functions) >= 800
    assert modules[0].lines > 300
    assert functions[0].lines > 40


def test_sizes_are_measured_from_def_to_last_line() -> None:
    source = (
        "import functools\n"  # 1
        "\n"  # 2
        "@functools.cache\n"  # 3
        "def top() -> int:\n"  # 4
        "    def inner() -> int:\n"  # 5
        "        return 1\n"  # 6
        "\n"  # 7
        "    return inner()\n"  # 8
        "\n"  # 9
        "class Box:\n"  # 10
        "    class Lid:\n"  # 11
        "        async def open(self) -> None:\n"  # 12
        "            pass\n"  # 13
        "\n"  # 14
        "    def size(self) -> int:\n"  # 15
        "        return (\n"  # 16
        "            2\n"  # 17
        "        )\n"  # 18
    )
    sizes = {s.where: s.lines for s in function_sizes(source, "m.py")}
    assert sizes == {
        "m.py:4 top": 5,
        "m.py:5 top.inner": 2,
        "m.py:12 Box.Lid.open": 2,
        "m.py:15 Box.size": 4,
    }
