"""The project: settings, root urls, wsgi, the home page and the commands that serve it."""
