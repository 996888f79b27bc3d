"""Pure business rules: no Qt, no SQLite, no network.

Everything here is deterministic and takes the clock as an argument, so it is
tested fast and reused by the reference server.
"""
