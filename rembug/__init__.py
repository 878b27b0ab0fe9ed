"""Rembug: e-Musrenbang, participatory development planning for Indonesian cities and regencies."""
