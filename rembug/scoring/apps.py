from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "rembug.scoring"
    verbose_name = _("Pemeringkatan")

    def ready(self) -> None:
        # The Berita Acara (rembug.forums, below this app) prints the ranking summary through this registry.
        from rembug.forums.hooks import register_ranking_summary

        from .selectors import meeting_ranking_summary

        register_ranking_summary(meeting_ranking_summary)
