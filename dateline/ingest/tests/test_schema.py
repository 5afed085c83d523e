"""The ninjs schema the importer checks items against, and the messages it gives."""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator

from dateline.ingest.ninjs import NinjsError, import_item
from dateline.ingest.schema import SCHEMA_PATH, check_structure, schema
from dateline.newsroom.models import ArticlePage


def item(**fields) -> dict:
    return {
        "uri": "urn:agency:schema:1",
        "type": "text",
        "language": "en",
        "headlines": [{"role": "main", "value": "Harbour reopens"}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Boats sail.</p>"}],
        **fields,
    }


def refusal(bad: dict) -> NinjsError:
    with pytest.raises(NinjsError) as refused:
        check_structure(bad)
    return refused.value


def test_the_schema_is_a_valid_draft_2020_12_schema():
    data = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(data)  # raises SchemaError if not
    check_structure(item())  # a plain text item passes
    check_structure(
        json.loads((SCHEMA_PATH.parents[3] / "examples/ninjs/sample-item.json").read_text())
    )


@pytest.mark.parametrize(
    ("fields", "field", "path", "message"),
    [
        ({"headlines": "x"}, "headlines", "headlines", "must be a list"),
        ({"headlines": [{"value": 3}]}, "headlines", "headlines[0].value", "must be a string"),
        ({"bodies": ["<p>x</p>"]}, "bodies", "bodies[0]", "must be an object"),
        ({"type": "article"}, "type", "type", "must be one of text, audio"),
        ({"keywords": ["ferries", 7]}, "keywords", "keywords[1]", "must be a string"),
        ({"associations": "photo"}, "associations", "associations", "must be an object or a list"),
        (
            {
                "associations": {
                    "featureimage": {"type": "picture", "renditions": {"original": {"href": 1}}}
                }
            },
            "associations",
            "associations.featureimage.renditions.original.href",
            "must be a string",
        ),
        (
            {"subjects": [{"name": ["Transport"]}]},
            "subjects",
            "subjects[0].name",
            "must be a string",
        ),
    ],
)
def test_a_wrong_shape_is_refused_naming_the_field_and_path(fields, field, path, message):
    error = refusal(item(**fields))
    assert error.field == field
    assert error.path == path
    assert error.message.startswith(message)
    assert str(error).startswith(f"field '{path}': {message}")


def test_a_missing_uri_and_several_errors_are_all_named():
    bare = item(headlines="x", by=5)
    del bare["uri"]
    error = refusal(bare)
    # The uri comes first, as in the item's own field order; the others follow.
    assert str(error).startswith("field 'uri': is required; also ")
    assert "headlines must be a list" in error.message and "by must be a string" in error.message


def test_null_fields_count_as_absent(asia):
    result = import_item(item(by=None, keywords=None, embargoed=None), section_path="news/asia")
    assert result.action == "imported"


def test_the_command_reports_a_wrong_type_by_field_and_imports_nothing(asia, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(item(headlines="x")))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("import_ninjs", str(path), "--section", "news/asia", stdout=out, stderr=err)

    assert failed.value.returncode == 1
    assert f"FAILED {path} item 1 (uri urn:agency:schema:1): field 'headlines': must be a list" in (
        err.getvalue()
    )
    assert "imported 0, updated 0, failed 1" in out.getvalue()
    assert not ArticlePage.objects.exists()


def test_schema_lists_only_what_the_importer_reads():
    # Fields Dateline does not read are left to pass, whatever their shape.
    assert "urgency" not in schema()["properties"]
    check_structure(item(urgency="high", ednote=["anything"], located=7))


def test_json_nested_to_the_parser_limit_is_refused_not_crashing():
    nested: list = []
    for _ in range(sys.getrecursionlimit()):  # as deep as a parser with a larger stack gives
        nested = [nested]
    deep = item(extra=nested)
    with pytest.raises(NinjsError) as refused:
        import_item(deep, section_path="news/asia")
    assert refused.value.field == "item"
