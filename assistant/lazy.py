"""A mapping built at its first reading: opening a library of 53,000 chunks builds none."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

_K = TypeVar("_K")
_V = TypeVar("_V")


class BuiltOnRead(Mapping[_K, _V]):
    """``build()``'s dict, built when first read (``size``, if given, answers ``len`` without it)."""

    def __init__(self, build: Callable[[], dict[_K, _V]], size: Callable[[], int] | None = None) -> None:
        self._build = build
        self._size = size
        self._built: dict[_K, _V] | None = None

    @property
    def _items(self) -> dict[_K, _V]:
        if self._built is None:
            self._built = self._build()
        return self._built

    def __getitem__(self, key: _K) -> _V:
        return self._items[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._items)

    def __len__(self) -> int:
        return self._size() if self._size is not None and self._built is None else len(self._items)
