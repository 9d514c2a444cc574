"""The figures `dcc diff` compares: the key figures shown in its Summary table
(``dcdsl.emit.key_figures``, read back from each side's summary.json) and the fabric counts."""

from __future__ import annotations

from dcdsl.emit.key_figures import BY_KEY, DIFF, KeyFigure, finite_number, lookup, shown_in

Metric = KeyFigure
HEADLINE: tuple[KeyFigure, ...] = shown_in(DIFF)
ALIASES = {m.key: m for m in HEADLINE} | {
    "power": BY_KEY["facility_kw"],  # facility power: what the utility must deliver
    "cost": BY_KEY["capex"],
}
FABRIC_KEYS = ("endpoints", "tiers", "switches", "links", "cables", "transceivers")

__all__ = ["ALIASES", "FABRIC_KEYS", "HEADLINE", "Metric", "finite_number", "lookup"]
