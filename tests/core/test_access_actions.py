"""What each role may do is one table; every grant names a known action and role."""

import pytest

from wangge.core import access


def test_every_grant_names_a_known_role_and_action():
    assert set(access.GRANTS) == set(access.ROLES)
    for actions in access.GRANTS.values():
        assert actions <= set(access.ACTIONS)


def test_only_the_marketing_department_edits_people_and_approves_pay():
    for action in ("org.edit_people", "pay.approve", "appraisal.manage"):
        assert [r for r in access.ROLES if access.may(r, action)] == ["marketing"]


def test_a_superuser_may_do_anything_and_nobody_may_do_an_unknown_action():
    assert access.may(None, "audit.read", is_superuser=True)
    assert not access.may(None, "audit.read")
    with pytest.raises(KeyError, match="unknown action"):
        access.may("marketing", "pay.steal")
