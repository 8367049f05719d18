"""The shared prompt library: write templates (each edit a new version), read and search them
most useful first, rate results, render a template with values for a task."""

from __future__ import annotations

import json
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.prompts import template_text
from collectivia.agent_assistant.prompts.access import home_department, require_manages
from collectivia.agent_assistant.prompts.models import (
    PromptRatingRow,
    PromptTemplateRow,
    PromptTemplateTagRow,
    PromptTemplateVersionRow,
)
from collectivia.agent_assistant.prompts.ranking import Standing, most_useful_first
from collectivia.agent_assistant.prompts.records import (
    LibraryFeedback,
    to_read,
    to_summary,
    to_version,
    variable_specs,
)
from collectivia.agent_assistant.prompts.schemas import (
    RatingCreate,
    RatingRead,
    RenderedPrompt,
    TemplateContent,
    TemplateDraft,
    TemplateEdit,
    TemplateKind,
    TemplateQuery,
    TemplateRead,
    TemplateSummary,
    VersionedReason,
    VersionRead,
    normalise_tag,
)
from collectivia.ai.privacy import redact
from collectivia.platform.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def check_content(content: TemplateContent, field_prefix: str = "") -> list[FieldError]:
    """The template's text against its declared variables (French messages)."""
    errors = template_text.check_template(content.text, [v.name for v in content.variables])
    return [FieldError(field_prefix + e.field, e.message) for e in errors]


def raise_if_invalid(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(messages.template_not_saved(e.message for e in errors), errors)


def _folded(text: str) -> str:
    """Lower case without accents, for searching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class PromptLibrary:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock = utc_now) -> None:
        self.sessions = sessions
        self.clock = clock

    # -- writes ---------------------------------------------------------------------------

    def create(
        self, draft: TemplateDraft, by: Agent, *, reason: str = messages.CREATED_REASON
    ) -> TemplateRead:
        department = home_department(by, draft.department)
        raise_if_invalid(check_content(draft))
        with self.sessions.begin() as session:
            row = self.add_template(session, str(uuid.uuid4()), draft, department, by, reason)
            return to_read(row, LibraryFeedback.load(session, row.id))

    def add_template(
        self,
        session: Session,
        template_id: str,
        content: TemplateContent,
        department: str,
        by: Agent,
        reason: str,
    ) -> PromptTemplateRow:
        """A new template in an open transaction (content already checked)."""
        now = self.clock()
        row = PromptTemplateRow(
            id=template_id,
            owner=by.pseudonym,
            owner_department=department if department in by.departments else by.department,
            created_at=now,
            archived=False,
        )
        self._apply(row, content, department, now)
        session.add(row)
        session.flush()
        self._keep_version(session, row, reason, by)
        return row

    def edit(self, template_id: str, edit: TemplateEdit, by: Agent) -> TemplateRead:
        raise_if_invalid(check_content(edit))
        with self._writing(template_id, edit.version, by) as (session, row):
            department = edit.department or row.department
            if department != row.department:
                require_manages(by, department, messages.MOVE_TEMPLATE)
            if self.same_content(row, edit, department):
                return to_read(row, LibraryFeedback.load(session, row.id))
            self._apply(row, edit, department, self.clock())
            self._save(session, row, edit.reason, by)
            return to_read(row, LibraryFeedback.load(session, row.id))

    def update_in(
        self,
        session: Session,
        row: PromptTemplateRow,
        content: TemplateContent,
        reason: str,
        by: Agent,
    ) -> None:
        """A new version of ``row`` in an open transaction (content already checked)."""
        self._apply(row, content, row.department, self.clock())
        self._save(session, row, reason, by)

    def set_archived(
        self, template_id: str, archived: bool, request: VersionedReason, by: Agent
    ) -> TemplateRead:
        """Withdraw a template from the library (kept, readable by id) or bring it back."""
        with self._writing(template_id, request.version, by) as (session, row):
            if row.archived != archived:
                row.archived = archived
                row.updated_at = self.clock()
                self._save(session, row, request.reason, by)
            return to_read(row, LibraryFeedback.load(session, row.id))

    def rate(self, template_id: str, rating: RatingCreate, by: Agent) -> RatingRead:
        with self.sessions.begin() as session:
            row = self._row(session, template_id)
            version = rating.version or row.version
            if version > row.version:
                raise InvalidInput(
                    messages.no_such_version_to_rate(version, row.version),
                    [FieldError("version", messages.UNKNOWN_VERSION)],
                )
            stored = PromptRatingRow(
                template_id=row.id,
                template_version=version,
                rater=by.pseudonym,
                rater_department=by.department,
                score=rating.score,
                comment=redact(rating.comment),
                rated_at=self.clock(),
            )
            session.add(stored)
            return _rating(stored)

    # -- reads ----------------------------------------------------------------------------

    def get(self, template_id: str) -> TemplateRead:
        with self.sessions() as session:
            row = self._row(session, template_id)
            return to_read(row, LibraryFeedback.load(session, row.id))

    def search(self, query: TemplateQuery) -> list[TemplateSummary]:
        """Templates matching every filter given, most useful first (see ranking.py)."""
        t = PromptTemplateRow
        # Only what ranking and word search need; whole rows for the page alone.
        statement = select(t.id, t.title, t.updated_at, t.description, t.tags)
        if query.kind is not None:
            statement = statement.where(t.kind == query.kind.value)
        if query.department:
            statement = statement.where(t.department == query.department)
        if not query.include_archived:
            statement = statement.where(t.archived.is_(False))
        if query.tag:
            statement = statement.join(
                PromptTemplateTagRow, PromptTemplateTagRow.template_id == t.id
            ).where(PromptTemplateTagRow.tag == normalise_tag(query.tag))
        with self.sessions() as session:
            found = session.execute(statement).all()
            if query.text:
                words = _folded(query.text).split()
                found = [
                    r
                    for r in found
                    if all(w in _folded(f"{r.title} {r.description} {r.tags}") for w in words)
                ]
            library = LibraryFeedback.load(session)
            ranked = most_useful_first(
                [
                    Standing(r.id, r.title, r.updated_at, *library.of(r.id).standing_figures())
                    for r in found
                ],
                library.mean_of_all,
            )
            page = [s.template_id for s in ranked[query.offset : query.offset + query.limit]]
            rows = {r.id: r for r in session.scalars(select(t).where(t.id.in_(page)))}
            return [to_summary(rows[i], library) for i in page]

    def versions(self, template_id: str) -> list[VersionRead]:
        with self.sessions() as session:
            self._row(session, template_id)
            rows = session.scalars(
                select(PromptTemplateVersionRow)
                .where(PromptTemplateVersionRow.template_id == template_id)
                .order_by(PromptTemplateVersionRow.version)
            )
            return [to_version(r) for r in rows]

    def version(self, template_id: str, version: int) -> VersionRead:
        with self.sessions() as session:
            row = session.get(PromptTemplateVersionRow, (template_id, version))
            if row is None:
                raise NotFound(messages.version_not_found(template_id, version))
            return to_version(row)

    def ratings(self, template_id: str, limit: int = 100) -> list[RatingRead]:
        """The latest ratings and comments of a template, newest first."""
        with self.sessions() as session:
            self._row(session, template_id)
            rows = session.scalars(
                select(PromptRatingRow)
                .where(PromptRatingRow.template_id == template_id)
                .order_by(PromptRatingRow.id.desc())
                .limit(limit)
            )
            return [_rating(r) for r in rows]

    def render(
        self, template_id: str, values: Mapping[str, str], version: int | None = None
    ) -> RenderedPrompt:
        """The template (current version, or the one asked) filled with ``values``, for a
        task. :class:`InvalidInput` lists the variables left unfilled and unknown ones;
        a withdrawn template is refused (:class:`RuleViolation`)."""
        with self.sessions() as session:
            row = self._row(session, template_id)
            if row.archived:
                raise RuleViolation(messages.template_archived(row.title), rule="template-archived")
            if version is None or version == row.version:
                current = (row.version, row.kind, row.title, row.text, row.variables)
            else:
                old = session.get(PromptTemplateVersionRow, (template_id, version))
                if old is None:
                    raise NotFound(messages.version_not_found(template_id, version))
                current = (old.version, old.kind, old.title, old.text, old.variables)
        number, kind, title, text, variables = current
        declared = [v.name for v in variable_specs(variables)]
        rendered = template_text.render(text, declared, values)
        return RenderedPrompt(
            template_id=template_id,
            version=number,
            kind=TemplateKind(kind),
            title=title,
            text=rendered,
        )

    # -- plumbing -------------------------------------------------------------------------

    @staticmethod
    def _row(session: Session, template_id: str) -> PromptTemplateRow:
        row = session.get(PromptTemplateRow, template_id)
        if row is None:
            raise NotFound(messages.template_not_found(template_id))
        return row

    @staticmethod
    def same_content(row: PromptTemplateRow, content: TemplateContent, department: str) -> bool:
        return (
            row.title == content.title
            and row.description == content.description
            and row.kind == content.kind.value
            and row.department == department
            and row.text == content.text
            and json.loads(row.variables) == [v.model_dump() for v in content.variables]
            and json.loads(row.tags) == content.tags
        )

    @contextmanager
    def _writing(
        self, template_id: str, version: int, by: Agent
    ) -> Iterator[tuple[Session, PromptTemplateRow]]:
        """A transaction on one template, refused unless it is still at ``version``."""
        try:
            with self.sessions.begin() as session:
                row = self._row(session, template_id)
                require_manages(by, row.department, messages.EDIT_TEMPLATE)
                if row.version != version:
                    raise stale(row.version, version)
                yield session, row
        except StaleDataError:
            raise stale(None, version) from None

    def _apply(
        self, row: PromptTemplateRow, content: TemplateContent, department: str, now: datetime
    ) -> None:
        row.title = content.title
        row.description = content.description
        row.kind = content.kind.value
        row.department = department
        row.text = content.text
        row.variables = json.dumps([v.model_dump() for v in content.variables], ensure_ascii=False)
        row.tags = json.dumps(content.tags, ensure_ascii=False)
        row.updated_at = now

    def _save(self, session: Session, row: PromptTemplateRow, reason: str, by: Agent) -> None:
        try:
            session.flush()  # bumps row.version, guarded by "WHERE version = <read>"
        except StaleDataError:
            raise stale(None, row.version) from None
        self._keep_version(session, row, reason, by)

    def _keep_version(
        self, session: Session, row: PromptTemplateRow, reason: str, by: Agent
    ) -> None:
        tags = set(json.loads(row.tags))
        stored = set(
            session.scalars(
                select(PromptTemplateTagRow.tag).where(PromptTemplateTagRow.template_id == row.id)
            )
        )
        if stored - tags:
            session.execute(
                delete(PromptTemplateTagRow).where(
                    PromptTemplateTagRow.template_id == row.id,
                    PromptTemplateTagRow.tag.in_(stored - tags),
                )
            )
        session.add_all(PromptTemplateTagRow(template_id=row.id, tag=t) for t in tags - stored)
        session.add(
            PromptTemplateVersionRow(
                template_id=row.id,
                version=row.version,
                title=row.title,
                description=row.description,
                kind=row.kind,
                department=row.department,
                text=row.text,
                variables=row.variables,
                tags=row.tags,
                archived=row.archived,
                reason=reason,
                changed_by=by.pseudonym,
                changed_by_department=by.department,
                changed_at=row.updated_at,
            )
        )


def stale(current: int | None, started_from: int) -> Conflict:
    return Conflict(messages.template_changed_meanwhile(current, started_from))


def _rating(row: PromptRatingRow) -> RatingRead:
    return RatingRead(
        score=row.score,
        comment=row.comment,
        template_version=row.template_version,
        rater_department=row.rater_department,
        rated_at=row.rated_at,
    )
