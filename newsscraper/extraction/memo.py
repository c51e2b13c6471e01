"""``cached_property`` without a lock: the page objects' fields, read once per page.

``functools.cached_property`` of Python 3.11 takes a re-entrant lock (shared by every
instance) around each first read, which costs ~1.5 us of the ~2 us it adds to a read:
a page reads ~40 of them, all in one thread (a page is read by one thread: the crawl's
reactor, or one worker process). Python 3.12 dropped the lock; this is its descriptor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

_T = TypeVar("_T")


class cached_property(Generic[_T]):  # noqa: N801 (the name it stands in for)
    """The value of ``func(instance)``, stored in the instance's ``__dict__`` under the
    attribute's name at the first read, which later reads find before the descriptor."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.attrname = func.__name__
        self.__doc__ = func.__doc__
        self.__module__ = func.__module__

    def __set_name__(self, owner: type, name: str) -> None:
        self.attrname = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.attrname] = self.func(instance)
        return value
