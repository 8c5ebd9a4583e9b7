"""``{{ value|say }}``: a core sentence, a code's word or a stored words dict, in Chinese."""

from django import template

from wangge.base.words import say as _say

register = template.Library()


@register.filter
def say(value):
    return _say(value)
