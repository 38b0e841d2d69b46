"""Writing a `Project` as REFI-QDA: `project.qde` XML, and a `.qdpx` zip with the texts in `sources/`.

The output follows the schema's element order (Users, CodeBook, Variables, Cases, Sources, Notes,
Description), carries no timestamps so the same project always gives the same bytes, and is written
atomically (through explorer.core.atomic: a temp file beside it, then `os.replace`).
"""

from __future__ import annotations

import os
import re
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from explorer.core.atomic import atomic_writer
from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Code, Project

NS = "urn:QDA-XML:project:1.0"
ILLUSTRATIVE_NOTE = "Illustrative data: written for the product, not real participants' words."
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_FILE = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def _el(parent: ET.Element | None, tag: str, **attrs: str) -> ET.Element:
    attrs = {k: _clean(v) for k, v in attrs.items() if v != ""}
    if parent is None:
        return ET.Element(f"{{{NS}}}{tag}", attrs)
    return ET.SubElement(parent, f"{{{NS}}}{tag}", attrs)


def _text_el(parent: ET.Element, tag: str, text: str) -> None:
    if text:
        _el(parent, tag).text = _clean(text)


def _variable_guid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"refi-qda-variable:{name}"))


def source_file_names(project: Project) -> dict[str, str]:
    """Source guid → file name inside `sources/` (the guid where it is a safe file name)."""
    names: dict[str, str] = {}
    for i, guid in enumerate(project.sources):
        stem = guid if _SAFE_FILE.match(guid) else f"source-{i + 1:04d}"
        names[guid] = f"{stem}.txt"
    return names


def _code_tree(parent: ET.Element, project: Project) -> None:
    written: set[str] = set()

    def write(code: Code, into: ET.Element) -> None:
        written.add(code.guid)
        el = _el(
            into,
            "Code",
            guid=code.guid,
            name=code.name,
            isCodable="true" if code.codable else "false",
            color=code.color,
        )
        _text_el(el, "Description", code.description)
        for child in project.children(code.guid):
            if child.guid not in written:
                write(child, el)

    for code in project.codes.values():
        if code.guid not in written and (code.parent is None or code.parent not in project.codes):
            write(code, parent)
    for code in project.codes.values():  # codes caught in a parent cycle still get written
        if code.guid not in written:
            write(code, parent)


def project_to_qde_xml(project: Project, file_names: dict[str, str] | None = None) -> bytes:
    """The project document; sources point at `internal://<file>` (see `source_file_names`)."""
    file_names = file_names or source_file_names(project)
    root = _el(
        None,
        "Project",
        name=project.name or "Project",
        origin=project.origin or "Briefing Explorer",
    )
    if project.users:
        users = _el(root, "Users")
        for user in project.users.values():
            _el(users, "User", guid=user.guid, name=user.name)
    book = _el(root, "CodeBook")
    _code_tree(_el(book, "Codes"), project)

    variable_names: list[str] = []
    for case in project.cases.values():
        for key, _ in case.attributes:
            if key not in variable_names:
                variable_names.append(key)
    group_variable = next((n for n in variable_names if n.casefold() == "group"), "Group")
    if any(s.group for s in project.sources.values()) and group_variable not in variable_names:
        variable_names.append(group_variable)
    if variable_names:
        variables = _el(root, "Variables")
        for name in variable_names:
            _el(variables, "Variable", guid=_variable_guid(name), name=name, typeOfVariable="Text")

    def value(parent: ET.Element, name: str, text: str) -> None:
        vv = _el(parent, "VariableValue")
        _el(vv, "VariableRef", targetGUID=_variable_guid(name))
        _el(vv, "TextValue").text = _clean(text)

    if project.cases:
        cases = _el(root, "Cases")
        for case in project.cases.values():
            el = _el(cases, "Case", guid=case.guid, name=case.name)
            _text_el(el, "Description", case.description)
            for key, val in case.attributes:
                value(el, key, val)
            for guid in case.source_guids:
                _el(el, "SourceRef", targetGUID=guid)

    by_source: dict[str, list] = {}
    for seg in project.segments:
        by_source.setdefault(seg.source, []).append(seg)
    sources = _el(root, "Sources")
    for source in project.sources.values():
        el = _el(
            sources,
            "TextSource",
            guid=source.guid,
            name=source.name,
            plainTextPath=f"internal://{file_names[source.guid]}",
        )
        _text_el(el, "Description", source.description)
        for seg in by_source.get(source.guid, []):
            sel = _el(
                el,
                "PlainTextSelection",
                guid=seg.guid,
                name=seg.text,  # the selected text, as QualCoder writes it: readers can check
                startPosition=str(seg.start),
                endPosition=str(seg.end),
                creatingUser=seg.creator,
            )
            for code in seg.codes:
                coding = _el(
                    sel,
                    "Coding",
                    guid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{seg.guid}:{code}")),
                    creatingUser=seg.creator,
                )
                _el(coding, "CodeRef", targetGUID=code)
        if source.group:
            value(el, group_variable, source.group)

    said = [project.description, *project.notes]
    notes_text = list(project.notes)
    if project.illustrative and not any("illustrative" in s.casefold() for s in said):
        notes_text.append(ILLUSTRATIVE_NOTE)
    if notes_text:
        notes = _el(root, "Notes")
        for i, text in enumerate(notes_text):
            note = _el(
                notes,
                "Note",
                guid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"note:{i}:{text}")),
                name=f"Note {i + 1}",
            )
            _text_el(note, "PlainTextContent", text)
    _text_el(root, "Description", project.description)
    ET.register_namespace("", NS)
    ET.indent(root)  # whitespace only between elements: no text or offset changes
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_qdpx(project: Project, path: str | os.PathLike[str]) -> None:
    """Write the project as a `.qdpx` archive, replacing `path` only once the archive is complete."""
    path = Path(path)
    names = source_file_names(project)
    xml = project_to_qde_xml(project, names)
    try:
        with (
            atomic_writer(path, "wb") as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.writestr(zipfile.ZipInfo("project.qde", _ZIP_TIME), xml, zipfile.ZIP_DEFLATED)
            for guid, source in project.sources.items():
                info = zipfile.ZipInfo(f"sources/{names[guid]}", _ZIP_TIME)
                archive.writestr(info, source.text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    except ValueError as error:
        raise ExplorerError.for_file(path, f"could not be written ({error})") from error
