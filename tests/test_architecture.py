"""Apps import only the apps below them, never another app's private names; the pure packages import no Django;
the picture in docs/architecture.md is the code's (issue 10, point 2). Read from the source by rembug/architecture.py.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from rembug import architecture
from rembug.architecture import (
    DOC_BEGIN,
    DOC_END,
    LAYERS,
    Import,
    app_graph,
    cycles,
    django_imports,
    doc_section,
    imports,
    layer_violations,
    private_imports,
    tangles,
    undeclared_units,
)

DOC = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
HOW = (
    "Where a lower app must tell a higher one something, send a signal from the lower app or ask a registry the "
    "higher app fills in its AppConfig.ready() (docs/architecture.md, 'How a lower app tells a higher one'); where "
    "two apps share logic, move it whole into the lower one."
)


def _lines(refs: list[Import]) -> str:
    return "\n".join(f"  {r.path}:{r.line}  {r.source} → {r.target}  ({r.name})" for r in refs)


@pytest.fixture(scope="module")
def found() -> list[Import]:
    return imports()


def test_every_app_and_project_module_has_a_declared_place():
    missing = undeclared_units()
    assert not missing, (
        f"{missing} have no place in the layers. Add a new app to LAYERS in rembug/architecture.py (above every "
        "app it imports, below every app that imports it), a project-level module to SHARED_MODULES (if it imports "
        "no app) or WIRING_MODULES, and give it a line in docs/architecture.md."
    )


def test_no_two_apps_depend_on_each_other_even_through_a_longer_cycle(found):
    graph = app_graph(found)
    report = []
    for group, cycle in zip(tangles(graph), cycles(graph), strict=True):
        refs = [r for r in found if r.source in group and r.target in group]
        report.append(f"{' → '.join(cycle)} (apps caught: {', '.join(group)}); their imports of each other:")
        report.append(_lines(refs))
    assert not report, "Apps import each other in a cycle:\n" + "\n".join(report) + "\n" + HOW


def test_no_app_imports_an_app_above_it(found):
    wrong = layer_violations(found)
    assert not wrong, (
        "These imports go up the layers (LAYERS in rembug/architecture.py, lowest first), or from a project "
        "module or pure package into an app, or into the wiring:\n" + _lines(wrong) + "\n" + HOW + " Reorder "
        "LAYERS only when the lower app truly never needs the higher one, and regenerate docs/architecture.md."
    )


def test_no_app_imports_a_private_name_of_another(found):
    wrong = private_imports(found)
    assert not wrong, (
        "These reach into another app's private names (`_name`):\n" + _lines(wrong) + "\nGive the owning app a "
        "public service (writes, `<thing>_<verb>`) or selector (reads) and import that; or move the helper whole "
        "into the lower app or a project module."
    )


@pytest.mark.parametrize("package", architecture.PURE_PACKAGES)
def test_the_pure_algorithms_import_no_django(package):
    wrong = django_imports(package)
    assert not wrong, (
        f"rembug/{package} must stay pure Python (tested alone, usable outside the site), but imports:\n"
        + "\n".join(f"  {path}:{line} {name}" for path, line, name in wrong)
        + "\nPass plain data in from the app's services instead."
    )


def test_the_picture_in_docs_architecture_is_the_one_the_code_draws():
    text = DOC.read_text(encoding="utf-8")
    assert DOC_BEGIN in text and DOC_END in text, f"{DOC} lost its generated part; paste `--doc` output back."
    current = text[text.index(DOC_BEGIN) : text.index(DOC_END) + len(DOC_END)]
    assert current == doc_section(), (
        "docs/architecture.md shows another app graph than the code's. Run `python -m rembug.architecture --doc` "
        "and replace the part between the two generated markers with its output (and say in the text above it why "
        "the dependencies changed)."
    )


def test_every_layer_has_a_line_in_the_doc():
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in LAYERS if f"| {name} |" not in text.split(DOC_BEGIN)[0]]
    assert not missing, f"Say in docs/architecture.md's table of layers what {missing} own."


# The checks themselves, on a small made-up project: each breach is found, wherever it hides.


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "rembug"
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    for app in ("regions", "accounts", "forums", "scoring"):
        (root / app).mkdir(parents=True, exist_ok=True)
        (root / app / "apps.py").write_text("", encoding="utf-8")
    return root


def test_the_check_finds_a_cycle_hidden_in_a_function_and_the_upward_import(tmp_path):
    root = _project(
        tmp_path,
        {
            "scoring/services.py": "from rembug.forums.models import Meeting\n",
            "forums/documents.py": """
                def minutes():
                    from rembug.scoring.selectors import summary  # lazily: scoring imports forums
                    return summary
            """,
        },
    )
    found = imports(root)
    assert cycles(app_graph(found, root)) == [["forums", "scoring", "forums"]]
    upward = layer_violations(found)
    assert [(r.source, r.target, r.path, r.line) for r in upward] == [
        ("forums", "scoring", "rembug/forums/documents.py", 3)
    ]


def test_the_check_finds_dependencies_written_as_strings(tmp_path):
    root = _project(
        tmp_path,
        {
            "regions/models.py": 'owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE)\n',
            "accounts/services.py": """
                from django.apps import apps
                if apps.is_installed("rembug.forums"):
                    Meeting = apps.get_model("scoring", "Vote")
            """,
        },
    )
    found = sorted((r.source, r.target, r.name) for r in layer_violations(imports(root)))
    assert found == [
        ("accounts", "forums", 'apps.is_installed("rembug.forums")'),
        ("accounts", "scoring", 'apps.get_model("scoring", ...)'),
        ("regions", "accounts", 'ForeignKey("accounts.User")'),
    ]


def test_the_check_finds_private_names_imported_or_reached_through_a_module(tmp_path):
    root = _project(
        tmp_path,
        {
            "forums/services.py": "from rembug.accounts.views import _cycle_for\n",
            "scoring/services.py": """
                from rembug.forums import services
                from rembug.forums.services import meeting_lock_draft

                locked = services._lock_draft
                same_app_is_fine = services.meeting_set_order
            """,
            "scoring/views.py": "from . import services\nx = services._private_within_scoring\n",
        },
    )
    found = [(r.source, r.name) for r in private_imports(imports(root))]
    assert found == [
        ("forums", "rembug.accounts.views._cycle_for"),
        ("scoring", "rembug.forums.services._lock_draft"),
    ]


def test_the_check_finds_django_in_a_pure_package_and_an_app_not_in_the_layers(tmp_path):
    root = _project(
        tmp_path,
        {"ranking/voting.py": "import math\nfrom django.db import models\n", "surveys/apps.py": ""},
    )
    assert django_imports("ranking", root) == [("rembug/ranking/voting.py", 2, "django.db")]
    assert "surveys" in undeclared_units(root)
