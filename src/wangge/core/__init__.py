"""The business as plain Python: no Django, no database session, no request.

Everything here takes plain data (dataclasses, dicts, Arrow tables, Ibis
expressions) and returns plain data, so it can be tested directly and run on
any engine.
"""
