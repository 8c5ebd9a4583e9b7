"""Business-registry matching (管信息): registry entries (工商登记) to our business customers.

``normalise`` turns Chinese company names and addresses into comparable parts,
``matcher`` links a registry to customers with Splink on DuckDB (and an
exact-normalised-name baseline), ``sample`` builds a registry with known true
links from the demo city, and a harder variant of it. No Django here.
"""
