"""Names and labels of the default schemes, named here so the translation catalogue carries them.

The core ships the schemes in English (it has no Django); pages show a label
through ``{% trans %}``, which finds the Chinese here. A test checks that every
default label is listed.
"""

from django.utils.translation import gettext_noop

DEFAULT_SCHEME_LABELS = [
    gettext_noop("revenue growth rate"),
    gettext_noop("development completion rate"),
    gettext_noop("arrears rate"),
    gettext_noop("churn rate"),
    gettext_noop("input-output ratio"),
    gettext_noop("whole-process management (pre-, in-, after-sale)"),
    gettext_noop("standard work: name lists, tools, meetings, logs"),
    gettext_noop("customer satisfaction"),
    gettext_noop("team management and coaching"),
    gettext_noop("whole-process management"),
    gettext_noop("visit coverage"),
    gettext_noop("plans and work logs"),
    gettext_noop("cooperation and service station duty"),
    gettext_noop("opportunity conversion"),
    gettext_noop("name-list execution"),
    gettext_noop("team selling and blitzes"),
    gettext_noop("customer records complete"),
    gettext_noop("relationship care and early-warning follow-up"),
    gettext_noop("information gathering quality"),
    gettext_noop("complaints resolved on time"),
    gettext_noop("service standards and training"),
    gettext_noop("hardware environment"),
    gettext_noop("software indicators"),
    gettext_noop("internal management"),
    gettext_noop("responsiveness"),
    gettext_noop("problems solved"),
    gettext_noop("service attitude"),
    gettext_noop("revenue growth"),
    gettext_noop("mobile market share"),
    gettext_noop("business mix"),
    gettext_noop("channels"),
    gettext_noop("service"),
    gettext_noop("labour productivity"),
]

DEFAULT_SCHEME_NAMES = [
    gettext_noop("Grid class A: five rates"),
    gettext_noop("Grid class B: five rates"),
    gettext_noop("Grid manager"),
    gettext_noop("Community manager"),
    gettext_noop("Business-customer manager (attack)"),
    gettext_noop("Customer manager (defense)"),
    gettext_noop("Service director"),
    gettext_noop("Standardisation audit"),
    gettext_noop("Reverse appraisal of back-office units"),
    gettext_noop("County branch ranking"),
]
