"""The REST API, version 1. Each app contributes its endpoints from its own api.py."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from rembug.accounts import api as accounts_api
from rembug.accounts import api_regions as accounts_regions_api
from rembug.budget import api as budget_api
from rembug.conditions import api as conditions_api
from rembug.cycles import api as cycles_api
from rembug.delivery import api as delivery_api
from rembug.forums import api as forums_api
from rembug.forums import api_files as forums_files_api
from rembug.forums import api_items as forums_items_api
from rembug.forums import api_minutes as forums_minutes_api
from rembug.notifications import api as notifications_api
from rembug.portal import api as portal_api
from rembug.proposals import api as proposals_api
from rembug.proposals import api_dictionary as proposals_dictionary_api
from rembug.proposals import api_terms as proposals_terms_api
from rembug.regions import api as regions_api
from rembug.scoring import api as scoring_api
from rembug.scoring import api_votes as scoring_votes_api
from rembug.sipd import api as sipd_api
from rembug.verification import api as verification_api

from .auth import LogoutAllView, LogoutView, TokenView

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    # Swagger UI sets style attributes from its script; that page alone may use inline styles (never scripts).
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("auth/token", TokenView.as_view(), name="token"),
    path("auth/logout", LogoutView.as_view(), name="logout"),
    path("auth/logoutall", LogoutAllView.as_view(), name="logout-all"),
    path("me", accounts_api.MeView.as_view(), name="me"),
    path("regions", regions_api.RegionListView.as_view(), name="regions"),
    # Kelurahan staff keep their RW, RT, Pokmas and lembaga (issue 11 point 6).
    path("regions/<str:code>/kept", accounts_regions_api.KeptRegionsView.as_view(), name="kept-regions"),
    path("regions/<str:code>", accounts_regions_api.KeptRegionView.as_view(), name="kept-region"),
    path("groups", accounts_regions_api.GroupAddView.as_view(), name="groups"),
    path("groups/<int:pk>", accounts_regions_api.GroupView.as_view(), name="group"),
    path("cycles", cycles_api.CycleListView.as_view(), name="cycles"),
    path("cycles/<int:cycle_id>/stages/<str:kind>", cycles_api.StageScheduleView.as_view(), name="stage-schedule"),
    # Proposals (usulan) and the proposal dictionary (kamus usulan).
    path("dictionary", proposals_dictionary_api.DictionaryListView.as_view(), name="dictionary"),
    path("dictionary.xlsx", proposals_dictionary_api.DictionaryFileView.as_view(), name="dictionary-file"),
    # The city's word lists (units, urusan, jenis usulan, …; issue 11 point 3).
    path("terms", proposals_terms_api.TermListView.as_view(), name="terms"),
    path("terms/<int:pk>", proposals_terms_api.TermView.as_view(), name="term"),
    path("terms/<int:pk>/retire", proposals_terms_api.TermRetireView.as_view(), name="term-retire"),
    path("proposals", proposals_api.ProposalListView.as_view(), name="proposals"),
    path("proposals/<str:number>", proposals_api.ProposalDetailView.as_view(), name="proposal"),
    path(
        "proposals/<str:number>/attachments", proposals_api.AttachmentUploadView.as_view(), name="proposal-attachments"
    ),
    path("proposals/<str:number>/funding", proposals_api.FundingView.as_view(), name="proposal-funding"),
    path("proposals/<str:number>/withdraw", proposals_api.WithdrawView.as_view(), name="proposal-withdraw"),
    path("proposals/<str:number>/carry-over", proposals_api.CarryOverView.as_view(), name="proposal-carry-over"),
    # SIPD's usulan list, out and in.
    path("sipd/usulan.xlsx", sipd_api.SipdExportView.as_view(), name="sipd-export"),
    path("sipd/import", sipd_api.SipdImportView.as_view(), name="sipd-import"),
    # The Rembug of an RT, RW or Pokmas.
    path("meetings", forums_api.MeetingListView.as_view(), name="meetings"),
    path("meetings/paper-template", forums_files_api.PaperTemplateView.as_view(), name="paper-template"),
    path("meetings/paper-import", forums_files_api.PaperImportView.as_view(), name="paper-import"),
    path("meetings/<int:meeting_id>", forums_api.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<int:meeting_id>/attendees", forums_api.AttendeeListView.as_view(), name="meeting-attendees"),
    path(
        "meetings/<int:meeting_id>/attendees/<int:attendee_id>",
        forums_api.AttendeeDetailView.as_view(),
        name="meeting-attendee",
    ),
    path("meetings/<int:meeting_id>/counts", forums_api.CountsView.as_view(), name="meeting-counts"),
    path("meetings/<int:meeting_id>/sync-items", forums_items_api.SyncItemsView.as_view(), name="meeting-sync-items"),
    path("meetings/<int:meeting_id>/order", forums_items_api.OrderView.as_view(), name="meeting-order"),
    path(
        "meetings/<int:meeting_id>/items/<str:number>/move",
        forums_items_api.MoveItemView.as_view(),
        name="meeting-move-item",
    ),
    path("meetings/<int:meeting_id>/delegates", forums_api.DelegatesView.as_view(), name="meeting-delegates"),
    path("meetings/<int:meeting_id>/inclusion", forums_api.InclusionView.as_view(), name="meeting-inclusion"),
    path("meetings/<int:meeting_id>/finalize", forums_api.FinalizeView.as_view(), name="meeting-finalize"),
    path("meetings/<int:meeting_id>/revise", forums_api.ReviseView.as_view(), name="meeting-revise"),
    path("meetings/<int:meeting_id>/minutes.pdf", forums_files_api.MinutesPdfView.as_view(), name="meeting-minutes"),
    path("meetings/<int:meeting_id>/list.xlsx", forums_files_api.ListXlsxView.as_view(), name="meeting-list"),
    path("meetings/<int:meeting_id>/minutes", forums_minutes_api.MinutesView.as_view(), name="meeting-minutes-parts"),
    path(
        "meetings/<int:meeting_id>/attendance-sheet.pdf",
        forums_minutes_api.AttendanceSheetView.as_view(),
        name="meeting-attendance-sheet",
    ),
    # Ranking in the forums: Bappeda's criteria, the forum's scores, suggested orders, votes and tallies.
    path("cycles/<int:cycle_id>/criteria-sets", scoring_api.CriteriaSetListView.as_view(), name="criteria-sets"),
    path("criteria-sets/<int:set_id>", scoring_api.CriteriaSetDetailView.as_view(), name="criteria-set"),
    path("meetings/<int:meeting_id>/scores", scoring_api.ForumScoresView.as_view(), name="meeting-scores"),
    path("meetings/<int:meeting_id>/suggestions", scoring_api.SuggestionListView.as_view(), name="meeting-suggestions"),
    path("meetings/<int:meeting_id>/votes", scoring_votes_api.VoteListView.as_view(), name="meeting-votes"),
    path("votes/<int:vote_id>", scoring_votes_api.VoteDetailView.as_view(), name="vote"),
    path("votes/<int:vote_id>/ballots", scoring_votes_api.BallotView.as_view(), name="vote-ballots"),
    path("votes/<int:vote_id>/close", scoring_votes_api.VoteCloseView.as_view(), name="vote-close"),
    # The signed-in user's inbox (kotak masuk).
    path("notifications", notifications_api.NotificationListView.as_view(), name="notifications"),
    path("notifications/read-all", notifications_api.NotificationReadAllView.as_view(), name="notifications-read-all"),
    path(
        "notifications/<int:notification_id>/read",
        notifications_api.NotificationReadView.as_view(),
        name="notification-read",
    ),
    # Forum Perangkat Daerah: an agency's queue, every level's recommendations, the verifier's decision.
    path("verification/queue", verification_api.QueueView.as_view(), name="verification-queue"),
    path(
        "proposals/<str:number>/recommendations",
        verification_api.RecommendationListView.as_view(),
        name="proposal-recommendations",
    ),
    path("proposals/<str:number>/verify", verification_api.VerifyView.as_view(), name="proposal-verify"),
    # RKPD and delivery: planned activities and their progress reports.
    path("activities", delivery_api.ActivityListView.as_view(), name="activities"),
    path("activities/<int:pk>", delivery_api.ActivityDetailView.as_view(), name="activity"),
    path("activities/<int:pk>/reports", delivery_api.ActivityReportView.as_view(), name="activity-reports"),
    # Musrenbang Kota: indicative ceilings (pagu indikatif), runs of the budget fit, publishing one.
    path("cycles/<int:cycle_id>/ceilings", budget_api.CeilingListView.as_view(), name="ceilings"),
    path("ceilings/<int:ceiling_id>", budget_api.CeilingDetailView.as_view(), name="ceiling"),
    path("cycles/<int:cycle_id>/fit-runs", budget_api.FitRunListView.as_view(), name="fit-runs"),
    path("fit-runs/<int:run_id>", budget_api.FitRunDetailView.as_view(), name="fit-run"),
    path("fit-runs/<int:run_id>/publish", budget_api.FitRunPublishView.as_view(), name="fit-run-publish"),
    # Conditions of each RT/RW, the city's priorities and the gap between them.
    path("conditions/indicators", conditions_api.IndicatorListView.as_view(), name="condition-indicators"),
    path("conditions/surveys/<str:code>", conditions_api.SurveyView.as_view(), name="condition-survey"),
    path("conditions/gap", conditions_api.GapView.as_view(), name="condition-gap"),
    path("conditions/priorities", conditions_api.PriorityListView.as_view(), name="condition-priorities"),
    # Open data (public): proposals, their status history and the forums, as CSV, JSON or XLSX.
    path("open-data", portal_api.OpenDataListView.as_view(), name="open-data"),
    path("open-data/<slug:dataset>.<str:fmt>", portal_api.OpenDataFileView.as_view(), name="open-data-file"),
    path("open-data/<slug:dataset>", portal_api.OpenDataView.as_view(), name="open-data-dataset"),
]
