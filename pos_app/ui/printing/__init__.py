"""Printer settings and the receipt preview with reprint."""
