"""Notices: what a person should know happened (a distribution to approve, a month
published, a file ready), in the product's bell and optionally by e-mail."""
