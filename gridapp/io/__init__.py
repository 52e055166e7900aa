"""Excel / CSV import and export of the household register (人口花名册). No Qt.

- :mod:`gridapp.io.sheets` reads .xlsx and .csv files into rows of cells;
- :mod:`gridapp.io.roster` defines the roster columns and imports a roster, all or nothing;
  its parts are :mod:`~gridapp.io.roster_columns` (columns, headers),
  :mod:`~gridapp.io.roster_plan` (errors, plan, report), :mod:`~gridapp.io.roster_rows`
  (row checks, households), :mod:`~gridapp.io.roster_load` (reading a file) and
  :mod:`~gridapp.io.roster_commit` (the database checks and the write);
- :mod:`gridapp.io.export` writes the register back out in the same columns.
"""
