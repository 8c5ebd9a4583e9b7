"""Business-registry matching (管信息) on the Django side: the ``wangge registry`` command."""
