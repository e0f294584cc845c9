"""Pagination of the agents' long lists (Django's Paginator), counted cheaply.

Django's Paginator counts its list with `object_list.count()`; for a list made of several
queries (a UNION, whose count builds every row), the page gives the count itself, computed
from each part's index: `PaginateurCompte(lignes, 50, total=lambda: …)`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class PaginateurCompte(Paginator):
    """A Paginator whose number of rows is `total()` (called once, when first needed)."""

    def __init__(self, object_list, per_page, *, total: Callable[[], int], **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._total = total

    @cached_property
    def count(self) -> int:
        return self._total()
