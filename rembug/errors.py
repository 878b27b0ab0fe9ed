"""Domain errors raised by services; the web and API edges turn them into messages and HTTP answers."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the process refused the action; `message` is shown to the user as it is (Indonesian)."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The user's role or region does not allow the action."""

    status_code = 403
    code = "forbidden"


class StageClosed(DomainError):
    """The planning stage that allows the action is not open now."""

    status_code = 409
    code = "stage_closed"


class StaleVersion(DomainError):
    """Optimistic locking: somebody else saved the record since this user loaded it."""

    status_code = 409
    code = "stale_version"


class Frozen(DomainError):
    """The record belongs to a finalized meeting and can no longer change."""

    status_code = 409
    code = "frozen"


class CityNotChosen(DomainError):
    """The person holds roles in several cities and has not said which one this page or request is about.

    Web pages send them to the city switch (accounts.middleware); the API answers 400 naming the `city` parameter.
    """

    code = "city_not_chosen"
