"""One file per schema version; append-only once released."""
