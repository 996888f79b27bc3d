"""The customer-facing display: what the customer sees while the cashier rings up the sale."""
