"""The Survey's private cache of derived arrays (masks, selections, cells, cubes, code bins):
small LRUs keyed per area, optionally bounded by the bytes of the arrays they hold. A Survey
never changes once loaded, so nothing cached can be stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from explorer.core.survey.model import Survey

_LOCK = threading.Lock()


def cached(
    survey: Survey,
    area: str,
    key: Hashable,
    make: Callable[[], Any],
    size: int,
    max_bytes: int | None = None,
) -> Any:
    """`make()` remembered under (area, key) on `survey`, keeping the `size` most recent and, when
    `max_bytes` is given, only as many of them (the newest always) as hold at most that many
    bytes of arrays: a cache of per-respondent arrays must not grow with every filter state."""
    store: OrderedDict = survey._cache.setdefault(area, OrderedDict())
    with _LOCK:
        if key in store:
            store.move_to_end(key)
            return store[key]
    value = make()  # computed outside the lock: two threads may both compute; either result holds
    with _LOCK:
        store[key] = value
        store.move_to_end(key)
        while len(store) > size:
            store.popitem(last=False)
        if max_bytes is not None:
            held = [held_bytes(v) for v in store.values()]
            while len(store) > 1 and sum(held) > max_bytes:
                store.popitem(last=False)
                held.pop(0)
    return value


def forget(survey: Survey, *areas: str) -> bool:
    """Empty the cache `areas`; whether they held anything."""
    with _LOCK:
        held = [survey._cache.pop(area, None) for area in areas]
    return any(held)


def held_bytes(value: Any) -> int:
    """Bytes of the arrays `value` holds (an array, or a tuple or dataclass of them); a value
    broadcast to every respondent (a zero stride) holds one."""
    if isinstance(value, np.ndarray):
        return int(value.nbytes) if all(value.strides) else int(value.itemsize)
    if isinstance(value, (tuple, list)):
        return sum(held_bytes(v) for v in value)
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return sum(held_bytes(getattr(value, name)) for name in fields)
    return 0


def filter_key(filters: Mapping[str, Iterable[Any]] | None) -> tuple:
    return tuple((name, frozenset(codes)) for name, codes in (filters or {}).items())


def readonly(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
