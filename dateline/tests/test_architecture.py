"""The import directions ARCHITECTURE.md sets out, read from the source with `ast`.

Layers, lowest first: base <- content (newsroom) <- features <- site. An app
imports only from its own layer or those below it; a feature imports another
feature only where FEATURE_USES allows it, so features never form a cycle; and
no import of another app hides inside a function, where it would dodge a cycle
(AppConfig.ready() is the one place Django expects late imports)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent

BASE, CONTENT, FEATURE, SITE = range(4)
LAYER = {
    "base": BASE,
    "newsroom": CONTENT,
    "alerts": FEATURE,
    "api": FEATURE,
    "attacks": FEATURE,
    "backups": FEATURE,
    "budget": FEATURE,
    "caching": FEATURE,
    "comments": FEATURE,
    "ingest": FEATURE,
    "live": FEATURE,
    "newsletters": FEATURE,
    "offline": FEATURE,
    "mirror": FEATURE,
    "outages": FEATURE,
    "readership": FEATURE,
    "replicas": FEATURE,
    "search": FEATURE,
    "staff": FEATURE,
    "stories": FEATURE,
    "syndication": FEATURE,
    "translations": FEATURE,
    "uploads": FEATURE,
    "wire": FEATURE,
    "site": SITE,
    "demo": SITE,
    "lite": SITE,
    "cluster": SITE,
    # The project's wiring: settings, URLs, the WSGI entry and the command line.
    "settings": SITE,
    "urls": SITE,
    "wsgi": SITE,
    "__main__": SITE,
    "__init__": SITE,
    "conftest": SITE,
    "tests": SITE,
}

# Which feature builds on which: each row is the complete list for that feature.
FEATURE_USES = {
    "alerts": {"caching", "offline", "stories"},
    "api": {"caching", "live", "stories"},
    "attacks": set(),
    "backups": set(),
    "budget": set(),
    "caching": set(),
    "comments": {"caching"},
    "ingest": {"syndication"},
    "live": {"syndication"},
    "newsletters": {"caching", "stories"},
    "offline": {"caching"},
    "mirror": {"caching"},
    "outages": {"caching"},
    "readership": set(),
    "replicas": set(),
    "search": set(),
    "staff": {"caching"},
    "stories": {"caching", "syndication"},
    "syndication": set(),
    "translations": set(),
    "uploads": set(),
    "wire": {"caching", "ingest"},
}


def _app_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        yield path


def _imports(tree: ast.Module):
    """(imported dateline app, line, inside a function, inside ready())."""

    def visit(node, in_function, in_ready):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from visit(child, True, in_ready or child.name == "ready")
                continue
            names = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                names = [child.module]
                if child.module == "dateline":
                    names = [f"dateline.{alias.name}" for alias in child.names]
            for name in names:
                if name.startswith("dateline."):
                    yield name.split(".")[1], child.lineno, in_function, in_ready
            yield from visit(child, in_function, in_ready)

    yield from visit(tree, False, False)


def _edges():
    for path in _sources():
        app = _app_of(path)
        for other, line, in_function, in_ready in _imports(ast.parse(path.read_text())):
            if other != app:
                yield (
                    app,
                    other,
                    f"{path.relative_to(PACKAGE.parent)}:{line}",
                    in_function,
                    in_ready,
                )


def test_every_app_has_a_layer():
    apps = {_app_of(path) for path in _sources()}
    assert not apps - LAYER.keys(), "add the new app to LAYER and to ARCHITECTURE.md"


def test_imports_point_down_the_layers():
    wrong = []
    for app, other, where, _, _ in _edges():
        if LAYER[other] > LAYER[app]:
            wrong.append(f"{where}: {app} ({LAYER[app]}) imports {other} ({LAYER[other]})")
        elif LAYER[app] == LAYER[other] == FEATURE and other not in FEATURE_USES[app]:
            wrong.append(f"{where}: feature {app} imports feature {other}, not in FEATURE_USES")
        elif LAYER[app] == LAYER[other] < FEATURE:
            wrong.append(f"{where}: {app} imports {other} in the same lower layer")
    assert not wrong, "\n".join(wrong)


def test_no_import_of_another_app_hides_in_a_function():
    hidden = [
        f"{where}: {app} imports {other}"
        for app, other, where, in_function, in_ready in _edges()
        if in_function and not in_ready and LAYER[app] != SITE
    ]
    assert not hidden, "\n".join(hidden)


def test_features_form_no_cycle():
    def reaches(start, goal, seen=()):
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, (*seen, nxt)))
            for nxt in FEATURE_USES[start]
        )

    assert not [app for app in FEATURE_USES if reaches(app, app)]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from dateline.comments.models import X", [("comments", False)]),
        ("def f():\n    import dateline.stories.models", [("stories", True)]),
        ("from dateline import syndication", [("syndication", False)]),
        ("from .models import X", []),
    ],
)
def test_the_reader_sees_every_kind_of_import(source, expected):
    found = [(app, in_function) for app, _, in_function, _ in _imports(ast.parse(source))]
    assert found == expected
