"""A survey photo: JPEG or PNG by its first bytes, at most 5 MB, not empty."""

from wangge.core.work import photos

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00"


def test_a_jpeg_or_png_within_the_limit_is_kept():
    assert photos.photo_problem(120_000, JPEG) is None
    assert photos.photo_problem(photos.LIMIT_BYTES, PNG) is None
    assert photos.kind_of(JPEG) == ".jpg" and photos.kind_of(PNG) == ".png"


def test_too_large_empty_or_not_an_image_is_refused():
    assert photos.photo_problem(photos.LIMIT_BYTES + 1, JPEG) == "too_large"
    assert photos.photo_problem(0, b"") == "empty"
    assert photos.photo_problem(2_000, b"%PDF-1.7") == "not_image"
    assert photos.photo_problem(2_000, b"GIF89a\x01\x00") == "not_image"
