"""Cheongju Pay merchant POS."""
