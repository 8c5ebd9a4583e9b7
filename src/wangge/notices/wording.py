"""The sentence of each kind of notice, from its stored figures, in the active language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wangge.notices.choices import NoticeKind


def sentence(kind: str, params: dict) -> str:
    p = {k: v for k, v in params.items()}
    if kind == NoticeKind.DISTRIBUTION_SUBMITTED:
        return _("%(unit)s submitted its distribution for %(month)s (version %(version)s)") % p
    if kind == NoticeKind.DISTRIBUTION_RETURNED:
        return _("The distribution of %(unit)s for %(month)s was returned: %(comment)s") % p
    if kind == NoticeKind.DISTRIBUTION_APPROVED:
        return _("The distribution of %(unit)s for %(month)s was approved") % p
    if kind == NoticeKind.MONTH_PUBLISHED:
        return _("The appraisal of %(month)s is published: your score card is ready") % p
    if kind == NoticeKind.JOB_DONE:
        return _("Done: %(title)s") % p
    if kind == NoticeKind.JOB_FAILED:
        return _("Failed: %(title)s") % p
    return str(kind)
