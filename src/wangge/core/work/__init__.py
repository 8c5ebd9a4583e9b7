"""Front-line work as plain data: work-order lifecycle, opportunity stages and
conversion, the geofence of a visit. No Django here; the ``wangge.work`` app loads
rows, calls these rules and writes."""
