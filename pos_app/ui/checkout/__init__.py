"""The checkout screen and its parts."""
