"""Operators' files into the database and the analytics store: ``wangge import``,
``wangge imports`` and the upload page. The rules of a file live in
``wangge.core.intake``; this app resolves codes, writes all or nothing, records
each run and rolls it back."""
