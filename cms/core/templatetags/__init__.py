"""Template tags of the portal's themes."""
