"""Rack PDUs against the loss of a whole feed (DC-POWER-024): N+k rack PDUs spread over A/B
feeds lose ⌈n / feeds⌉ of them with one feed, which may be more than the k they allow."""

from __future__ import annotations

from collections.abc import Iterable

from dcdsl.analysis import electrical as el
from dcdsl.analysis.power import describe_groups, format_kw
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, warning
from dcdsl.model import Model
from dcdsl.rules.power import power_of
from dcdsl.rules.registry import rule


@rule("DC-POWER-024")
def rack_pdu_feed_loss(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for feed in power.racks:
        if feed.problem is not None or feed.feed_loss_kw is None or feed.pdu is None:
            continue
        if feed.rack_kw <= feed.feed_loss_kw + el.EPSILON:
            continue
        left = feed.pdus - feed.feed_loss_pdus
        yield warning(
            "DC-POWER-024",
            f"racks {describe_groups([feed.group])}: losing one of their {feed.cords} feeds "
            f"takes {feed.feed_loss_pdus} of their {feed.pdus} rack PDUs ({feed.redundancy} "
            f"allows {feed.redundancy.spares if feed.redundancy else 0}), leaving {left} with "
            f"{format_kw(feed.feed_loss_kw)} usable for {format_kw(feed.rack_kw)}",
            feed.group.span,
            notes=[
                "the rack PDUs alternate over the rack's feeds (A, B, A, …), so a feed takes "
                f"⌈{feed.pdus} / {feed.cords}⌉ = {feed.feed_loss_pdus} of them with it",
                f"rack load at {power.load_basis}",
            ],
            help="give each rack PDU its own upstream path, use `pdu_redundancy = 2N` with an "
            "even number of PDUs, or accept that a whole feed's loss is outside the rack's "
            'redundancy (`allow DC-POWER-024 because "…"`)',
        )
