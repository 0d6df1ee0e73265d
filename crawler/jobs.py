"""What goes through a host's queue: a request for a page or a source, and the job a worker is given."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from crawler.analysis import Analysed
from crawler.fetch import MAX_REDIRECTS, Response
from crawler.urls import host_of
from db.crawl_state import FrontierItem

PAGE, SOURCE, ROBOTS = "page", "source", "robots"


@dataclass(eq=False, slots=True)  # slots: one per page of the frontier a run loads
class Request:
    """A page of the frontier or a feed or sitemap, on its way through the host queues: a redirect moves
    it to the queue of its target's host, a transient failure puts it back first in its host's queue."""

    what: str  # PAGE | SOURCE
    origin: str  # the URL asked for: the frontier's, or the source's
    host: str  # the host of `url`
    validators: tuple[str | None, str | None] = (None, None)  # (ETag, Last-Modified) sent with the origin
    item: FrontierItem | None = None  # a page's frontier row
    url: str = ""  # what is fetched next: the origin, or where its last redirect led
    hops: list[str] | None = None  # the URLs its redirect chain went through, origin first; None before a redirect
    via_status: int | None = None  # the status of the redirect that led to `url`
    attempts: int = 0  # failed attempts in this run
    # a source's end, which discovery waits for: its last response, or None when robots.txt refused it
    done: bool = False
    answer: Response | None = None
    refusal: str | None = None

    def __post_init__(self) -> None:
        self.url = self.url or self.origin

    def conditional(self) -> tuple[str | None, str | None]:
        """The validators to send now: the origin's, never to where a redirect led."""
        return self.validators if self.url == self.origin else (None, None)

    def end(self, answer: Response | None, refusal: str | None = None) -> None:
        """Record a source's last response (its URL the source's own), or the refusal that stopped it."""
        if answer is not None:
            answer.url = self.origin
        self.answer, self.refusal, self.done = answer, refusal, True


class Job(NamedTuple):
    """One request handed to a worker: robots.txt for URL's origin, or a step of a Request."""

    host: str
    what: str  # ROBOTS | PAGE | SOURCE
    url: str
    request: Request | None  # None for robots.txt


class Answer(NamedTuple):
    """What a worker brings back: the response, when its request went out, and a page's analysis."""

    resp: Response
    sent: float  # monotonic time the request went out, from which the host's next start is counted
    page: Analysed | str | None  # a page read, or why it is skipped; None for anything else


def next_hop(hops: list[str], target: str) -> tuple[str | None, str | None]:
    """(TARGET's host, None) when a redirect chain that went through HOPS may go on to TARGET, else (None, why not)."""
    if target in hops:
        return None, "redirect_loop"
    if len(hops) > MAX_REDIRECTS:
        return None, "too_many_redirects"
    try:
        return host_of(target), None
    except ValueError as exc:
        return None, f"bad_url: {exc}"
