"""Template tags of the public portal: a share-to-WhatsApp link (the way news travels in an RT)."""

from __future__ import annotations

from html import unescape
from urllib.parse import quote

from django import template
from django.conf import settings

register = template.Library()


def whatsapp_url(text: str, url: str) -> str:
    """https://wa.me/?text=… with the text and the address, percent-encoded (a plain link, no script)."""
    return "https://wa.me/?text=" + quote(f"{text} {url}", safe="")


@register.inclusion_tag("portal/_share.html", takes_context=True)
def share_whatsapp(context, text: str) -> dict:
    """A link that shares `text` and this page's public address (REMBUG_SITE_URL + path) on WhatsApp.

    `text` usually comes from `{% blocktranslate ... asvar %}`, which HTML-escapes its variables: undone here, as
    the message is plain text (the link itself is escaped again by the template).
    """
    request = context.get("request")
    path = request.path if request is not None else "/"
    return {"share_url": whatsapp_url(unescape(str(text)), settings.REMBUG_SITE_URL + path)}
