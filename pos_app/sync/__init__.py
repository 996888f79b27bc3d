"""Talking to the central server: the client, credentials, back-off, the sync engine, and
what the server's word (its changes feed, a payment request's state) means on this device."""
