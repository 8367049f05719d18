"""Everything the service says to people, in French, in one place (problem details, gRPC
statuses, pages). Operators' log messages stay in the code, in English."""

from __future__ import annotations

NOTE_NOT_FOUND = "Aucune note « {note_id} »."
NOTE_EMPTY = "Le texte de la note est vide."
NOTES_ROLE_REQUIRED = "Les notes sont réservées aux agents (rôle « agent » ou « admin »)."
