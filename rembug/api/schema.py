"""The error answers of every operation, documented once for the whole OpenAPI document.

Every endpoint answers its errors in the same few shapes (rembug/api/errors.py): a domain error
`{"detail", "code", "field"?, "errors"?}`, DRF's `{"detail"}` for 401/403/404, and a field → messages object
for invalid input. Annotating each endpoint would drift; this hook adds the codes each kind of operation can
answer, unless the endpoint already documents that code itself.
"""

from __future__ import annotations

ERROR = {
    "type": "object",
    "description": "A refusal: the message to show (Indonesian), a machine-readable code and, when one field is "
    "to blame, its name. A spreadsheet import lists every bad cell in `errors`.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "field": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["detail"],
}
INVALID = {
    "description": "Invalid input: each field with its messages (or a domain error naming one field).",
    "content": {
        "application/json": {
            "schema": {
                "anyOf": [
                    {"$ref": "#/components/schemas/Error"},
                    {"type": "object", "additionalProperties": {}},
                    {"type": "array", "items": {"type": "string"}},
                ]
            }
        }
    },
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


UNAUTHENTICATED = _error("Not signed in, or the token is unknown or revoked.")
FORBIDDEN = _error("The role or region of the signed-in user does not allow this.")
NOT_FOUND = _error(
    "What the path, query or body names does not exist or is not visible to the signed-in user "
    "(also: a page past the last)."
)
CONFLICT = _error(
    "Refused by the process: the stage is closed (stage_closed), the record changed since it was "
    "read (stale_version), or it belongs to a finalized meeting (frozen)."
)
THROTTLED = _error("Too many attempts; try again later.")
UNSUPPORTED = _error("The body is not in one of the media types the operation lists (or cannot be read as one).")


def add_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: document the error answers of every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                # Django's <int:…> matches digits only: a negative id never reaches the API (it is no URL of it).
                if parameter.get("in") == "path" and parameter.get("schema", {}).get("type") == "integer":
                    parameter["schema"].setdefault("minimum", 0)
            public_operation = {} in operation.get("security", [{}])
            if method != "get" or any(p.get("in") == "query" for p in parameters):  # input, or a domain error
                responses.setdefault("400", INVALID)
            # Any request that sends a token can meet an unknown or revoked one.
            responses.setdefault("401", UNAUTHENTICATED)
            if not (public_operation and method == "get"):
                responses.setdefault("403", FORBIDDEN)
            if "{" in path or parameters or "requestBody" in operation:  # what it names may not exist
                responses.setdefault("404", NOT_FOUND)
            if method != "get":
                responses.setdefault("409", CONFLICT)
            if "requestBody" in operation:
                responses.setdefault("415", UNSUPPORTED)
            if path.endswith("/auth/token"):
                responses.setdefault("429", THROTTLED)
    return result
