from wangge.notices.models import Notice


def unread(request) -> dict:
    """The bell's count on every page of a signed-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": Notice.objects.visible_to(user).unread().count()}
