"""Notifications: every status change of a proposal reaches the proposer's chair (inbox and e-mail)."""
