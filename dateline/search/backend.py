"""Wagtail's database search backend, indexing each edition's text in its language.

Set as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "dateline.search.backend"``.
It is Wagtail's own backend for the database in use (PostgreSQL full text,
SQLite FTS5), with one change to indexing:

- every indexed text is normalised (`languages.normalise`: Arabic letter forms,
  tashkeel, tatweel), as every query is;
- on PostgreSQL a translatable object (a page) is indexed with its language's
  text-search configuration (`languages.pg_config`); other objects keep the
  backend's (``SEARCH_CONFIG``, else the server's default).

The query side is `recent.search`, which builds the tsquery with the edition's
configuration. Wagtail's admin search queries with the server default, so an
editor there finds Spanish or Arabic pages by words as written, not by their
inflected forms.
"""

import copy
import functools
from collections import defaultdict

from django.db import connections
from modelsearch import index
from modelsearch.backends.database import SearchBackend as database_backend
from wagtail.models import Locale, TranslatableMixin

from .languages import normalise_value, pg_config


class _NormalisedField(index.SearchField):
    """A SearchField whose value is normalised; otherwise the field it wraps."""

    def __init__(self, original, config):
        self.__dict__.update(original.__dict__)
        self.original = original
        self.config = config

    def get_value(self, obj):
        return normalise_value(self.original.get_value(obj), self.config)


def _normalised_fields(fields, config):
    wrapped = []
    for field in fields:
        if isinstance(field, index.SearchField):
            field = _NormalisedField(field, config)
        elif isinstance(field, index.RelatedFields):
            field = copy.copy(field)
            field.fields = _normalised_fields(field.fields, config)
        wrapped.append(field)
    return wrapped


@functools.cache
def _model_fields(model, config):
    return _normalised_fields(model.get_search_fields(), config)


class EditionIndexMixin:
    def _configs(self, objs):
        """(configuration, objects) groups: one per language on PostgreSQL."""
        if self.backend.vendor != "postgresql":
            return [(None, objs)]
        pages = [o for o in objs if isinstance(o, TranslatableMixin)]
        # A locale the object has loaded already costs no query.
        languages = {
            o.locale_id: o._state.fields_cache["locale"].language_code
            for o in pages
            if o._state.fields_cache.get("locale") is not None
        }
        missing = {o.locale_id for o in pages} - languages.keys()
        if missing:
            languages.update(
                Locale.objects.filter(pk__in=missing).values_list("pk", "language_code")
            )
        groups = defaultdict(list)
        for obj in objs:
            config = None
            if isinstance(obj, TranslatableMixin):
                config = pg_config(languages.get(obj.locale_id))
            groups[config].append(obj)
        return list(groups.items())

    def add_items(self, model, objs):
        objs = list(objs)
        try:
            for config, group in self._configs(objs):
                for obj in group:
                    # Wagtail's indexer reads an object's fields through this method.
                    obj.get_search_fields = functools.partial(_model_fields, type(obj), config)
                target = self
                if config is not None:
                    backend = copy.copy(self.backend)
                    backend.config = config
                    target = type(self)(backend)
                super(EditionIndexMixin, target).add_items(model, group)
        finally:
            for obj in objs:
                obj.__dict__.pop("get_search_fields", None)


@functools.cache
def _edition_index(index_class):
    return type(f"Edition{index_class.__name__}", (EditionIndexMixin, index_class), {})


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    backend = database_backend(params)
    backend.vendor = connections["default"].vendor
    backend.index_class = _edition_index(type(backend).index_class)
    return backend
