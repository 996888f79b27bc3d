"""Qt Widgets user interface. Screens call services; no SQL here."""
