"""Parsing XML from untrusted files: no DTDs, no entities, no external references, a size limit.

Every XML loader goes through `parse_xml`, which wraps defusedxml and turns any refusal or syntax
error into one `ExplorerError` sentence naming the file.
"""

from __future__ import annotations

import os
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from explorer.core.errors import ExplorerError

MAX_XML_BYTES = 128 * 1024 * 1024
MAX_DEPTH = 200  # real documents nest a few dozen levels; deeper only serves to exhaust recursion


def _depth_exceeds(root: Element, limit: int) -> bool:
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


def parse_xml(
    data: bytes, path: str | os.PathLike[str], *, max_bytes: int = MAX_XML_BYTES, what: str = ""
) -> Element:
    """The root element of `data`; `what` names the part of an archive it came from."""
    where = f" ({what})" if what else ""
    if len(data) > max_bytes:
        raise ExplorerError.for_file(
            path, f"holds XML{where} larger than the {max_bytes // (1024 * 1024)} MB limit"
        )
    if not data.strip():
        raise ExplorerError.for_file(path, f"holds an empty XML document{where}")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise ExplorerError.for_file(
            path, f"holds XML{where} with a DTD or entities, which are refused for safety"
        ) from error
    except ParseError as error:
        raise ExplorerError.for_file(path, f"holds malformed XML{where} ({error})") from error
    except LookupError as error:  # an encoding declared in the XML that Python does not know
        raise ExplorerError.for_file(
            path, f"holds XML{where} in a text encoding that is not recognised"
        ) from error
    except (ValueError, RecursionError) as error:
        raise ExplorerError.for_file(path, f"holds XML{where} that cannot be read") from error
    if _depth_exceeds(root, MAX_DEPTH):
        raise ExplorerError.for_file(
            path, f"holds XML{where} nested deeper than {MAX_DEPTH} levels, which is refused"
        )
    return root
