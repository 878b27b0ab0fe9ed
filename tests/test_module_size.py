"""No module of the project grows past 500 lines: a module that long holds several ideas, and a newcomer cannot find
the rule they look for (issue 10 point 5). Split it by responsibility, as forums/paper/ and forums/decisions.py were.
Migrations are generated and exempt."""

from pathlib import Path

MAX_LINES = 500
ROOT = Path(__file__).resolve().parent.parent / "rembug"


def test_no_module_is_over_500_lines():
    too_long = {
        path.relative_to(ROOT.parent).as_posix(): lines
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"split these modules (lines): {too_long}"
