"""Tables of the prompt library: templates, every version kept, tags, ratings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.agent_assistant.database import Base, UtcDateTime


class PromptTemplateRow(Base):
    __tablename__ = "prompt_templates"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    department: Mapped[str] = mapped_column(String(100), index=True)
    # Pseudonymous id of the author and the department they wrote it for (display).
    owner: Mapped[str] = mapped_column(String(64))
    owner_department: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    # JSON list of {name, label, description, example}.
    variables: Mapped[str] = mapped_column(Text)
    # JSON list of the tags, also in prompt_template_tags for searching.
    tags: Mapped[str] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Optimistic concurrency: SQLAlchemy adds "WHERE version = <read version>" to updates.
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declaration


class PromptTemplateVersionRow(Base):
    """Every version of every template, kept: who changed what, when, and why."""

    __tablename__ = "prompt_template_versions"

    template_id: Mapped[str] = mapped_column(
        ForeignKey("prompt_templates.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    department: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    variables: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_by_department: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PromptTemplateTagRow(Base):
    __tablename__ = "prompt_template_tags"

    template_id: Mapped[str] = mapped_column(
        ForeignKey("prompt_templates.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class PromptRatingRow(Base):
    """An agent's rating of a result obtained with a template: shared lessons learned."""

    __tablename__ = "prompt_ratings"
    # Covers the ranking's count of each score per template.
    __table_args__ = (Index("ix_prompt_ratings_template_score", "template_id", "score"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    template_id: Mapped[str] = mapped_column(ForeignKey("prompt_templates.id", ondelete="CASCADE"))
    template_version: Mapped[int] = mapped_column(Integer)
    rater: Mapped[str] = mapped_column(String(64))
    rater_department: Mapped[str] = mapped_column(String(100))
    score: Mapped[int] = mapped_column(Integer)
    # Personal data replaced by placeholders before storage (the comment is shared).
    comment: Mapped[str] = mapped_column(Text)
    rated_at: Mapped[datetime] = mapped_column(UtcDateTime)
