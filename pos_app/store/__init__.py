"""SQLite storage: one file, the hash-chained journal, and tables projected from it."""
