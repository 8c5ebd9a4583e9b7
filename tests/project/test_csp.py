"""The Content-Security-Policy: scripts only from the server's own files, never inline.

The policy is only worth something if no template needs it loosened: every template is
read here for an inline script or an inline event handler, so a new one fails at once
(tests/browser checks the rendered pages report no violation).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "wangge"
TEMPLATES = sorted(SRC.glob("*/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    parts = (d.strip().split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_has_an_inline_script_or_event_handler(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "move the script into a static .js file"
    assert not INLINE_HANDLER.search(text), "bind the handler in a static .js file"
    assert "javascript:" not in text


@pytest.mark.parametrize("url", ["/", "/customers/", "/map/", "/audit/", "/login/"])
def test_every_page_forbids_inline_and_outside_scripts(city, login, url):
    response = login("marketing").get(url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_an_api_answer_carries_the_policy_too(city, login):
    response = login("marketing").get("/api/units/")
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_a_configured_tile_server_is_the_one_outside_source_of_images():
    from wangge.project.settings import tile_origin

    assert tile_origin("https://{s}.tile.example.cn/{z}/{x}/{y}.png") == [
        "https://*.tile.example.cn"
    ]
    assert tile_origin("") == []
