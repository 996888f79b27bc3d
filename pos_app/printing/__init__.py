"""Receipts on paper: rendered once to a monochrome image, sent to ESC/POS, PDF or a system
printer. Qt draws (fonts with Hangul); nothing here touches the database."""
