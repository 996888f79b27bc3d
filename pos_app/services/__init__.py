"""The merchant's use cases. Each write is one transaction: business rows + journal event."""
