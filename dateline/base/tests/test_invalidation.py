"""Cache keys come from one place, with one registered prefix per use."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dateline.base import invalidation

DATELINE = Path(__file__).resolve().parents[2]


def test_a_prefix_serves_one_use():
    invalidation.register_prefix("test-one-use", "what this test keeps")
    assert invalidation.cache_key("test-one-use", 7, "en") == "dateline:test-one-use:7:en"
    with pytest.raises(ImproperlyConfigured):
        invalidation.register_prefix("test-one-use", "something else")


def test_an_unregistered_prefix_makes_no_key():
    with pytest.raises(ImproperlyConfigured):
        invalidation.cache_key("never-registered", 1)


def test_no_cache_key_is_written_by_hand():
    own = DATELINE / "base" / "invalidation.py"
    found = []
    for path in DATELINE.rglob("*.py"):
        if path == own or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value.startswith("dateline:"):
                    found.append(f"{path.relative_to(DATELINE)}:{node.lineno}")
    assert found == [], "use invalidation.cache_key with a registered prefix"
