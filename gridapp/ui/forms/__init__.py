"""Forms that validate as you type: households and persons."""
