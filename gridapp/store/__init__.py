"""The local database: SQLCipher connection, keys, migrations, repositories, search, capture."""
