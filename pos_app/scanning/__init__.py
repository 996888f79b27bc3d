"""Barcode/QR scanner input: telling a keyboard-wedge scanner's burst of keys from typing."""
