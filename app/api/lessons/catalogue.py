"""The lessons' catalogue: every lesson with its text and views, and one lesson by id."""

from __future__ import annotations

from fastapi import APIRouter

from errorscape.errors import ParamError
from errorscape.lessons.catalogue import LESSONS

router = APIRouter(prefix="/api/lessons", tags=["lessons"])


@router.get("")
def list_lessons() -> list[dict]:
    """Every lesson: id, title, explanation, a "try this" prompt, and its views (presets)."""
    return [lesson.describe() for lesson in LESSONS.values()]


@router.get("/{lesson_id}")
def get_lesson(lesson_id: str) -> dict:
    lesson = LESSONS.get(lesson_id)
    if lesson is None:
        raise ParamError("lesson_id", f"unknown lesson {lesson_id!r}; choose one of: " + ", ".join(LESSONS), status=404)
    return lesson.describe()
