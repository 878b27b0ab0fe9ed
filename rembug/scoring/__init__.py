"""Ranking in the forums: Bappeda's criteria, the forum's scores, SAW/TOPSIS suggestions, and Borda/approval votes.

The numbers only advise: the agreed order of a meeting is set by the people in the room (forums.meeting_set_order).
"""
