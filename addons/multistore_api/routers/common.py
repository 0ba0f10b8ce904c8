from typing import Annotated

from fastapi import Path, Query

from ..schemas import NO_NUL

StoreCode = Annotated[str, Path(min_length=1, max_length=32, pattern=NO_NUL)]

PAGE_SIZE_MAX = 1000


def label(record, field_name):
    """The translated label of a selection value of ``record``."""
    value = record[field_name]
    if not value:
        return None
    selection = record._fields[field_name]._description_selection(record.env)
    return dict(selection).get(value, value)


class Paging:
    def __init__(
        self,
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        page_size: Annotated[int, Query(ge=1, le=PAGE_SIZE_MAX)] = 100,
    ):
        self.page = page
        self.page_size = page_size

    @property
    def offset(self):
        return (self.page - 1) * self.page_size
