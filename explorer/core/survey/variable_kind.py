"""What a survey variable is (`Kind`) and how a missing entry of an integer-coded column is stored
(`SYSMIS_INT`): the two facts the counting code needs without the whole variable model."""

from __future__ import annotations

from enum import StrEnum

import numpy as np

# Missing (system-missing, blank) entries of integer-coded columns are stored as the dtype's minimum.
SYSMIS_INT = {np.dtype(t): np.iinfo(t).min for t in (np.int8, np.int16, np.int32, np.int64)}


class Kind(StrEnum):
    """What a variable is, which decides how it is tabulated and whether it is charted."""

    NOMINAL = "nominal"  # single choice, unordered categories
    SCALE = "scale"  # single choice, ordered (agree/disagree, trust/distrust): gets nets
    MULTI = "multi"  # multiple-response set: several 0/1 (or counted-value) item variables
    NUMERIC = "numeric"  # a measurement; described, not charted as bars
    TEXT = "text"  # carried, not charted
    DATE = "date"  # carried, not charted
    WEIGHT = "weight"  # a weight variable

    @property
    def charted(self) -> bool:
        return self in (Kind.NOMINAL, Kind.SCALE, Kind.MULTI)
