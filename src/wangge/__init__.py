"""wangge: grid marketing management for a telecom operator's city company."""

__version__ = "0.1.0"
