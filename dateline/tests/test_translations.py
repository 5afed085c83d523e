"""The interface catalogs: every string the code and templates mark is translated
into Spanish and Arabic, and the compiled catalogs Django reads match them.

A string added without its translations fails here by name. To fix it, from the
repository root:
    .venv/bin/python -m dateline makemessages -l es -l ar --no-location \
        --ignore=.venv --ignore=node_modules --ignore='*/tests/*' --ignore=bench --ignore=data
then translate the new entries in dateline/locale/*/LC_MESSAGES/django.po and run
    .venv/bin/python -m dateline compilemessages --ignore=.venv --ignore=node_modules
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

LANGUAGES = ["es", "ar"]
PACKAGE = Path(__file__).resolve().parents[1]
REPOSITORY = PACKAGE.parent
LOCALE = PACKAGE / "locale"
# What makemessages must not read: other projects' code, tests, generated data.
IGNORE = [".venv", "node_modules", "*/tests/*", "bench", "data", "locale"]

# What msgfmt --statistics reports besides "N translated messages".
UNTRANSLATED_OR_FUZZY = re.compile(r"\d+ (untranslated messages?|fuzzy translations?)")


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        pytest.fail("gettext's msgfmt is missing: run `apt-get install gettext` (.ci/run does)")
    return path


def entries(po: Path) -> list[dict]:
    """(msgctxt, msgid, msgstrs, fuzzy) of each entry, read without a library."""
    found = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        fuzzy = False
        key = None
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
            elif " " in line:
                key, value = line.split(" ", 1)
                fields[key] = value[1:-1]
        if fields.get("msgid"):
            strs = [v for k, v in fields.items() if k.startswith("msgstr")]
            found.append(
                {"ctx": fields.get("msgctxt"), "id": fields["msgid"], "strs": strs, "fuzzy": fuzzy}
            )
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The catalogs as makemessages leaves them for today's code, made in a copy:
    the repository's own files stay as they are."""
    copy = tmp_path_factory.mktemp("catalogs") / "repo"
    shutil.copytree(
        PACKAGE,
        copy / "dateline",
        ignore=shutil.ignore_patterns("tests", "__pycache__", "*.mo", "vendor", "static"),
    )
    # The scripts in static/ carry no text of their own (they read it from the
    # templates' data- attributes), so static/ is left out above.
    here = os.getcwd()
    os.chdir(copy)
    try:
        # LOCALE_PATHS names the repository's folder: point it at the copy's.
        with override_settings(LOCALE_PATHS=[copy / "dateline" / "locale"]):
            call_command(
                "makemessages",
                locale=LANGUAGES,
                ignore_patterns=IGNORE,
                no_location=True,
                verbosity=0,
            )
    finally:
        os.chdir(here)
    return copy / "dateline" / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_translated(extracted, language):
    po = extracted / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        [msgfmt(), "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    missing = [
        (e["ctx"] + ": " if e["ctx"] else "") + e["id"]
        for e in entries(po)
        if e["fuzzy"] or not all(e["strs"])
    ]
    assert not UNTRANSLATED_OR_FUZZY.search(result.stderr) and not missing, (
        f"{language}: {result.stderr.strip()}; translate in dateline/locale/{language}/"
        f"LC_MESSAGES/django.po (see this file's docstring): {missing}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_has_no_strings_the_code_no_longer_uses(extracted, language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    ours = {(e["ctx"], e["id"]) for e in entries(po)}
    current = {
        (e["ctx"], e["id"]) for e in entries(extracted / language / "LC_MESSAGES" / "django.po")
    }
    assert ours == current, f"run makemessages: stale {ours - current}, new {current - ours}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_its_source(tmp_path, language):
    """Django reads the .mo committed beside each .po: a .po edited without
    compilemessages would leave readers with the old text."""
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt(), "-o", str(fresh), str(folder / "django.po")], check=True)
    assert (folder / "django.mo").read_bytes() == fresh.read_bytes(), (
        f"run compilemessages: dateline/locale/{language}/LC_MESSAGES/django.mo is out of date"
    )


def test_arabic_has_its_six_plural_forms():
    header = (LOCALE / "ar" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "nplurals=6;" in header
