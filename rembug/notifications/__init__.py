"""Notifications: every status change of a proposal reaches the proposing unit's chair (inbox and e-mail)."""
