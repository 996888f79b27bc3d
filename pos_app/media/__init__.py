"""Media the POS prepares for the server (listing photos). Qt GUI image classes, no widgets."""
