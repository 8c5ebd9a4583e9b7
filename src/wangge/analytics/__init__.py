"""Analytics: the monthly figures over the Parquet store, on DuckDB or Spark.

The functions live in ``wangge.analytics.run`` and need no Django; this package is
also a Django app only so that ``wangge analytics ...`` is a management command.
"""
