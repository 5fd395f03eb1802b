"""Conditional GET for the API: every answer carries an ETag (the hash of its body) and, where the
view knows it, Last-Modified; a request with a matching If-None-Match (or an If-Modified-Since not
older) answers 304 without a body."""

import hashlib

from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date


class ConditionalGetMixin:
    def last_modified(self):
        """The newest change of what the answer shows, or None."""
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        response["ETag"] = etag
        changed = self.last_modified()
        timestamp = int(changed.timestamp()) if changed else None  # HTTP dates have whole seconds
        if timestamp:
            response["Last-Modified"] = http_date(timestamp)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
