"""`<id:pk>` in URL patterns, and `?id=` in the admin: a row id the database can hold.

Django's `int` converter takes any number of digits, and a number past the
database's integers makes the query fail (a 500 on SQLite) instead of finding
nothing; `id` does not match it, so the URL answers 404.
"""

import re

from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.urls import register_converter

# The largest BIGINT on SQLite and PostgreSQL.
MAX_ID = 2**63 - 1


class DatabaseIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("past the database's integers")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DatabaseIdConverter, "id")


def is_database_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 19 and int(value) <= MAX_ID


# Wagtail's choosers take the chosen row's key as a string (`<str:pk>`) and
# look it up as it comes; every Dateline model has an integer key.
_CHOSEN = re.compile(
    r"^/admin/(?:(?:images|documents)/chooser|snippets/choose/[^/]+/[^/]+)/chosen/([^/]+)/"
)


class AdminIdsMiddleware:
    """The admin's bulk actions and choosers pass ids to the database as they
    come (Wagtail), so an id it cannot hold failed as a server error: in `?id=`
    that is a bad request, in a chooser's path a row that is not there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith("/admin/"):
            if "\x00" in path:
                # PostgreSQL refuses NUL in text, so a lookup by such a name fails.
                return HttpResponseNotFound("No such item.")
            if not all(is_database_id(value) for value in request.GET.getlist("id")):
                return HttpResponseBadRequest("Each id must be a number the database can hold.")
            chosen = _CHOSEN.match(path)
            if chosen and not is_database_id(chosen[1]):
                return HttpResponseNotFound("No such item.")
        return self.get_response(request)
