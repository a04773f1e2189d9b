"""Errors a source raises: retriable (worth another try later) apart from fatal ones."""

from __future__ import annotations


class SourceError(Exception):
    """A source could not be fetched or read. Names the source and, when known, the URL."""

    retriable = False

    def __init__(self, source_id: str, message: str, url: str | None = None):
        self.source_id = source_id
        self.url = url
        where = f" ({url})" if url else ""
        super().__init__(f"source {source_id}{where}: {message}")


class RetriableSourceError(SourceError):
    """A transient failure (timeout, 5xx after retries): worth trying again later."""

    retriable = True


class ParseError(SourceError):
    """The bytes of a landing entry cannot be read in the declared format."""


class DeferredSourceError(SourceError):
    """The server asked to be left alone longer than the run can wait (Retry-After): the source
    is stale now and nothing is requested from the host before the time it asked for."""

    retriable = False
