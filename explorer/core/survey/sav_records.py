"""The dictionary records of an SPSS system file (the header and variable descriptions before the
data), walked by their layouts in PSPP's "System File Format" documentation — without pandas or
pyreadstat, so the writer and the fast reader's child can both use it.
"""

from __future__ import annotations

import struct

HEADER_SIZE = 176
_LAYOUT_CODE_OFFSET = 64  # int32 2 or 3; tells the file's byte order


def _endian(data: bytes) -> str:
    (layout,) = struct.unpack_from("<i", data, _LAYOUT_CODE_OFFSET)
    return "<" if layout in (2, 3) else ">"


def dictionary_records(data: bytes) -> list[tuple[int, int, int]]:
    """(record type, start offset, end offset) of every dictionary record up to and including 999.

    A small, strict walker over the layouts in the PSPP documentation: variable records (type 2,
    with optional label and missing values), value labels (3, followed by 4), documents (6) and
    extension records (7). Anything else means the file is not what pyreadstat wrote.
    """
    end = _endian(data)
    pos = HEADER_SIZE
    records: list[tuple[int, int, int]] = []

    def ints(offset: int, count: int) -> tuple[int, ...]:
        if offset + 4 * count > len(data):
            raise ValueError("the dictionary runs past the end of the file")
        return struct.unpack_from(f"{end}{count}i", data, offset)

    while True:
        start = pos
        (rec_type,) = ints(pos, 1)
        if rec_type == 2:
            _, _width, has_label, n_missing, _print, _write = ints(pos, 6)
            pos += 24 + 8
            if has_label:
                (label_len,) = ints(pos, 1)
                pos += 4 + (label_len + 3) // 4 * 4
            pos += abs(n_missing) * 8
        elif rec_type == 3:
            (count,) = ints(pos + 4, 1)
            pos += 8
            for _ in range(count):
                label_len = data[pos + 8]
                pos += 8 + (label_len + 1 + 7) // 8 * 8
            records.append((3, start, pos))
            start = pos
            rec_type4, n_vars = ints(pos, 2)
            if rec_type4 != 4:
                raise ValueError("a value-label record is not followed by its variable list")
            pos += 8 + 4 * n_vars
            rec_type = 4
        elif rec_type == 6:
            (n_lines,) = ints(pos + 4, 1)
            pos += 8 + 80 * n_lines
        elif rec_type == 7:
            _, _subtype, size, count = ints(pos, 4)
            pos += 16 + size * count
        elif rec_type == 999:
            pos += 8
            records.append((999, start, pos))
            return records
        else:
            raise ValueError(f"unexpected dictionary record type {rec_type}")
        if pos > len(data):
            raise ValueError("the dictionary runs past the end of the file")
        records.append((rec_type, start, pos))


def clear_numeric_missing(data: bytearray) -> tuple[int, int]:
    """Make every numeric variable's declared missing values NaN, in place (the file's layout and
    length unchanged), so a reader flags no value as user-missing and hands back the codes
    themselves: NaN equals nothing, and SPSS's system-missing is a number, not NaN. String
    variables' missing values are left as they are. `data` may be the file's first bytes only,
    as long as they hold the whole dictionary. Returns (how many variables were changed, where
    the dictionary ends); raises ValueError for a dictionary it cannot walk."""
    end = _endian(data)
    nan = struct.pack(f"{end}d", float("nan"))
    changed = 0
    try:
        records = dictionary_records(data)
        for rec_type, start, stop in records:
            if rec_type != 2:
                continue
            _, width, has_label, n_missing = struct.unpack_from(f"{end}4i", data, start)
            if width != 0 or n_missing == 0:
                continue
            if abs(n_missing) > 3:
                raise ValueError("a variable declares more than three missing values")
            pos = start + 32
            if has_label:
                (label_len,) = struct.unpack_from(f"{end}i", data, pos)
                pos += 4 + (label_len + 3) // 4 * 4
            if pos + 8 * abs(n_missing) != stop:
                raise ValueError("a variable record's missing values are not where they belong")
            data[pos:stop] = nan * abs(n_missing)
            changed += 1
    except (struct.error, IndexError, OverflowError) as error:
        raise ValueError(f"the dictionary cannot be walked ({error})") from error
    return changed, records[-1][2]
