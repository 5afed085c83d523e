"""`<id:pk>` in URL patterns, and `?id=` in the admin: a row id the database can hold.

Django's `int` converter takes any number of digits, and a number past the
database's integers makes the query fail (a 500 on SQLite) instead of finding
nothing; `id` does not match it, so the URL answers 404.
"""

from django.http import HttpResponseBadRequest
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


class AdminIdsMiddleware:
    """The admin's bulk actions and multiple choosers pass `?id=` values to the
    database as they come (Wagtail), so an id it cannot hold failed as a server
    error: such a request is a bad request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and not all(
            is_database_id(value) for value in request.GET.getlist("id")
        ):
            return HttpResponseBadRequest("Each id must be a number the database can hold.")
        return self.get_response(request)
