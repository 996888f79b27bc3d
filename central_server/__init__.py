"""Reference central server for the Cheongju Pay POS: the sync API of docs/protocol.md.

It verifies and settles what POS devices journal (payments, voids, anything else
they record), tells devices what changed (merchant profile, policies, issuer
keys, notices), and mints customer payment codes for demos and tests. The rules
it shares with the POS (payment codes, the journal's hash chain, money, KST)
come from ``pos_app.domain`` so both sides compute them identically.
"""
