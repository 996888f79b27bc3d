"""Staff screens: sign-in at the till, a manager's override, and staff management."""
