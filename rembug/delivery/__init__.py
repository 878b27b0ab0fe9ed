"""RKPD and delivery: accommodated proposals become planned activities, and the agency reports their progress."""
