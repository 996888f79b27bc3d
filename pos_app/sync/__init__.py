"""Talking to the central server: the client, credentials, back-off, the sync engine."""
