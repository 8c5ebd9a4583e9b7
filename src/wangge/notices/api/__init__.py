"""The notices REST API: one's own notices, and marking them read."""
