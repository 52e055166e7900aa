"""Excel / CSV import and export of the household register (人口花名册). No Qt.

- :mod:`gridapp.io.sheets` reads .xlsx and .csv files into rows of cells;
- :mod:`gridapp.io.roster` defines the roster columns and imports a roster, all or nothing;
- :mod:`gridapp.io.export` writes the register back out in the same columns.
"""
