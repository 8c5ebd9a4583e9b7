"""The one path by which an operator's files enter: parse, map, check, then stage.

``sources`` reads CSV (UTF-8 or GB18030), XLSX and Parquet as numbered rows;
``kinds`` says what each kind of file carries and what operators call its
columns; ``mapping`` holds the saved or proposed header → field profiles;
``values`` parses one cell exactly (yuan to cents, the dates and phone numbers
operators export); ``check`` validates every row and names each problem by file,
row and column. Nothing here writes: the web layer stages clean records and
swaps them in only when no row was refused.
"""
