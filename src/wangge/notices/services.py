"""Sending notices: who is concerned by an event, one row each, and the optional e-mail.

Callers name the event and its figures; the sentence is worded when shown, in the
reader's language (:mod:`wangge.notices.wording`). Notices are written in the
caller's transaction, so a refused or rolled-back action tells nobody; the e-mail
leaves only after the commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from wangge.core.access import roles_that_may
from wangge.notices.choices import NoticeKind
from wangge.notices.models import Notice

log = logging.getLogger(__name__)


def users_who_may(action: str):
    """Active log-ins whose person holds a role granted ``action``."""
    return get_user_model().objects.filter(is_active=True, person__role__in=roles_that_may(action))


def staff_users():
    """Every active log-in of a person of the company."""
    return get_user_model().objects.filter(is_active=True, person__isnull=False)


def notify(recipients: Iterable, kind: NoticeKind, params: dict, url: str = "") -> list[Notice]:
    """One notice per distinct recipient (``None`` entries, e.g. a batch run, are skipped)."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notice(recipient=user, kind=kind, params=params, url=url))
    created = Notice.objects.bulk_create(rows, batch_size=1000)
    if created and getattr(settings, "WANGGE_NOTICE_MAIL", False):
        ids = [n.recipient_id for n in created]
        transaction.on_commit(lambda: _mail(kind, params, url, ids))
    return created


def _mail(kind: str, params: dict, url: str, user_ids: list[int]) -> None:
    from wangge.notices.wording import sentence

    addresses = list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = sentence(kind, params)
        link = f"{settings.WANGGE_BASE_URL.rstrip('/')}{url}" if url else ""
    for address in addresses:
        try:
            send_mail(text, f"{text}\n{link}".strip(), None, [address])
        except Exception:  # a mail server down must not undo the action that was taken
            log.exception("notice mail to %s failed", address)
