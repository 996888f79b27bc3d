"""Day close (마감정산) and the sales view with charts."""
