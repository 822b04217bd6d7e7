"""Writes of the campaigns app. Admin actions, portal views and imports call these."""
