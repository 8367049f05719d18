"""Import and export of the library as JSON files.

The file (``format`` "collectivia-prompt-library", ``format_version`` 1) carries templates
as their authors wrote them — no ratings, no history, no author. An import is all or nothing:
the whole file is checked first and any error gives a French report (field by field) with
nothing stored. A template whose ``id`` exists here becomes a new version of it (if it
changed), an unknown one is created with that id, one without id gets a new id.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.prompts.access import home_department, manages
from collectivia.agent_assistant.prompts.french_validation import french_field_errors
from collectivia.agent_assistant.prompts.models import PromptTemplateRow
from collectivia.agent_assistant.prompts.records import tag_list, variable_specs
from collectivia.agent_assistant.prompts.schemas import (
    TemplateContent,
    TemplateKind,
    TemplateQuery,
)
from collectivia.agent_assistant.prompts.service import PromptLibrary, check_content
from collectivia.platform.errors import FieldError, InvalidInput, PermissionDenied

FILE_FORMAT = "collectivia-prompt-library"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_TEMPLATES = 500


class FileTemplate(TemplateContent):
    id: str | None = Field(default=None, max_length=36)
    department: str | None = Field(default=None, min_length=1, max_length=100)


class LibraryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["collectivia-prompt-library"]
    format_version: Literal[1]
    exported_at: datetime | None = None
    templates: list[FileTemplate] = Field(max_length=MAX_TEMPLATES)


class ImportReport(BaseModel):
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    message: str


def export_library(library: PromptLibrary, query: TemplateQuery) -> bytes:
    """The templates matching ``query`` (all of them, most useful first) as a file."""
    ids = [s.id for s in library.search(query.model_copy(update={"limit": 10_000, "offset": 0}))]
    with library.sessions() as session:
        rows = {
            r.id: r
            for r in session.scalars(select(PromptTemplateRow).where(PromptTemplateRow.id.in_(ids)))
        }
    templates = [
        FileTemplate(
            id=row.id,
            title=row.title,
            description=row.description,
            kind=TemplateKind(row.kind),
            department=row.department,
            tags=tag_list(row.tags),
            text=row.text,
            variables=variable_specs(row.variables),
        )
        for row in (rows[i] for i in ids)
    ]
    document = LibraryFile(
        format=FILE_FORMAT,
        format_version=FORMAT_VERSION,
        exported_at=library.clock(),
        templates=templates,
    )
    return document.model_dump_json(indent=2).encode("utf-8")


def read_library_file(content: bytes) -> LibraryFile:
    """The file's templates, or :class:`InvalidInput` saying in French what is wrong."""
    if not content.strip():
        raise InvalidInput(messages.FILE_EMPTY, [FieldError("fichier", messages.FILE_EMPTY_FIELD)])
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput(
            messages.file_too_large(MAX_FILE_BYTES // (1024 * 1024)),
            [FieldError("fichier", messages.FILE_TOO_LARGE_FIELD)],
        )
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput(
            messages.FILE_NOT_UTF8, [FieldError("fichier", messages.FILE_NOT_UTF8_FIELD)]
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            messages.file_not_json(error.lineno, error.colno),
            [FieldError("fichier", messages.file_not_json_field(error.lineno, error.colno))],
        ) from None
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise InvalidInput(
            messages.not_a_library_file(FILE_FORMAT),
            [FieldError("format", messages.expected_value(FILE_FORMAT))],
        )
    try:
        return LibraryFile.model_validate(data)
    except ValidationError as error:
        fields = french_field_errors(error)
        raise InvalidInput(_report(fields), fields) from None


def import_library(
    library: PromptLibrary,
    content: bytes,
    by: Agent,
    filename: str,
    department: str | None = None,
) -> ImportReport:
    """Store the file's templates (all or nothing); ``department`` puts the new ones in that
    department instead of the one each template names."""
    document = read_library_file(content)
    errors: list[FieldError] = []
    seen: set[str] = set()
    departments: list[str] = []
    for index, item in enumerate(document.templates):
        prefix = f"templates.{index}."
        errors.extend(check_content(item, prefix))
        if item.id is not None:
            if not _is_uuid(item.id):
                errors.append(FieldError(prefix + "id", messages.INVALID_TEMPLATE_ID))
            elif item.id in seen:
                errors.append(FieldError(prefix + "id", messages.TWICE_IN_FILE))
            seen.add(item.id)
        wanted = department or item.department
        try:
            target = home_department(by, wanted)
        except (InvalidInput, PermissionDenied) as error:
            errors.append(FieldError(prefix + "department", error.detail))
            target = ""
        departments.append(target)
    reason = messages.import_reason(filename)
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    with library.sessions.begin() as session:
        existing = {
            row.id: row
            for row in session.scalars(
                select(PromptTemplateRow).where(PromptTemplateRow.id.in_(seen))
            )
        }
        for index, item in enumerate(document.templates):
            row = existing.get(item.id or "")
            if row is not None and not manages(by, row.department):
                errors.append(
                    FieldError(f"templates.{index}.id", messages.owned_elsewhere(row.department))
                )
        if errors:
            raise InvalidInput(_report(errors), errors)
        for item, target in zip(document.templates, departments, strict=True):
            row = existing.get(item.id or "")
            if row is None:
                new = library.add_template(
                    session, item.id or str(uuid.uuid4()), item, target, by, reason
                )
                created.append(new.id)
            elif library.same_content(row, item, row.department):
                unchanged.append(row.id)
            else:
                library.update_in(session, row, item, reason, by)
                updated.append(row.id)
    message = messages.imported(len(created), len(updated), len(unchanged))
    return ImportReport(created=created, updated=updated, unchanged=unchanged, message=message)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _report(errors: list[FieldError]) -> str:
    return messages.file_refused([(e.field, e.message) for e in errors])
