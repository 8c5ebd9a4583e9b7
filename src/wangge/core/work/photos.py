"""A photo a person uploads from the phone (a survey's): a JPEG or PNG image of at most
5 MB, known by its first bytes (the name and the browser's type are not trusted)."""

from __future__ import annotations

LIMIT_BYTES = 5 * 1024 * 1024
#: the first bytes of each accepted kind → the file suffix it is stored with
MAGIC = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
#: how many first bytes ``kind_of`` needs
HEAD = 8


def kind_of(head: bytes) -> str | None:
    """The suffix of an accepted image from its first bytes, else None."""
    for magic, suffix in MAGIC.items():
        if head.startswith(magic):
            return suffix
    return None


def photo_problem(size: int, head: bytes) -> str | None:
    """A rule key when the photo cannot be kept: ``empty``, ``too_large``, ``not_image``."""
    if size <= 0:
        return "empty"
    if size > LIMIT_BYTES:
        return "too_large"
    if kind_of(head) is None:
        return "not_image"
    return None
