"""Map data sent once: JSON answers with an ETag, so a browser that has them gets a 304 and no body again."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag


def json_with_etag(request: HttpRequest, data: dict, **cache_control) -> HttpResponse:
    """`data` as JSON with an ETag of its bytes and the given Cache-Control; 304 when the browser has it already.

    For a signed-in person's data pass `private=True, no_cache=True`: the browser keeps it but asks each time,
    and an unchanged map costs one short answer instead of the whole GeoJSON.
    """
    response = set_response_etag(JsonResponse(data))
    if cache_control:
        patch_cache_control(response, **cache_control)
    return get_conditional_response(request, etag=response["ETag"], response=response)
