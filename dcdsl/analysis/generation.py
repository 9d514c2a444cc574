"""On-site generation and the Uptime tier of a power topology, on plain numbers.

- **ISO 8528-1:2018 rating classes** (clause 13.3): continuous (COP), prime (PRP), limited-time
  running (LTP), emergency standby (ESP) and data-centre power (DCP). What a generator set may
  carry follows from its class: COP and DCP their full rating for unlimited hours; PRP and ESP an
  *average* of 70 % of the rating over 24 h (unless the manufacturer agrees otherwise); LTP its
  rating for up to 500 h a year; ESP for up to 200 h a year.
- **Uptime Institute Tier Standard: Topology**: Tier III and IV treat on-site engine generators
  as the primary power source and the utility as an economic alternative, and accept only
  generator capacity without a runtime limit at design load; 12 h of fuel at N is required.
- **Autonomy**: the UPS battery must carry the load while the generators start and the ATS
  transfers (NFPA 110 Type 10: the generators take load within 10 s).

Pure functions: ``dcdsl.analysis.power`` gathers the facts of a design into ``TierFacts``.
"""

from __future__ import annotations

import attrs

RATING_CLASSES = ("continuous", "prime", "limited", "standby", "data_center")
ISO_NAMES = {
    "continuous": "COP (continuous operating power)",
    "prime": "PRP (prime running power)",
    "limited": "LTP (limited-time running power, ≤ 500 h a year)",
    "standby": "ESP (emergency standby power, ≤ 200 h a year)",
    "data_center": "DCP (data-centre power)",
}
# The fraction of the rating a constant load may use (ISO 8528-1 average-power limits).
SIZING_CREDIT = {
    "continuous": 1.0,
    "prime": 0.7,
    "limited": 1.0,
    "standby": 0.7,
    "data_center": 1.0,
}
# What counts for Tier III/IV: ratings without a runtime limit at design load.
TIER_CREDIT = {"continuous": 1.0, "prime": 0.7, "limited": 0.0, "standby": 0.0, "data_center": 1.0}
UNLIMITED_CLASSES = frozenset({"continuous", "prime", "data_center"})

DEFAULT_START_S = 10.0  # NFPA 110 Type 10
DEFAULT_TRANSFER_S = 0.5  # open-transition ATS operating time, a planning figure [estimate]
MIN_FUEL_HOURS = 12.0  # Uptime Tier Standard: Topology, on-site fuel at N capacity
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def sizing_credit(rating_class: str | None) -> float:
    """What fraction of a generator's rating carries a constant load (unknown: as standby)."""
    return SIZING_CREDIT.get(rating_class or "standby", SIZING_CREDIT["standby"])


def tier_credit(rating_class: str | None) -> float:
    return TIER_CREDIT.get(rating_class or "standby", 0.0)


def ride_through_ok(runtime_s: float, start_s: float, transfer_s: float) -> bool:
    """The battery carries the load until the generators have started and taken it."""
    return runtime_s >= start_s + transfer_s


@attrs.frozen
class TierFacts:
    """What the topology shows, gathered by the power analysis."""

    ups_on_every_path: bool
    redundant_ups: bool  # N+k or 2N UPS capacity on every rack's path
    generators: bool
    generators_redundant: bool  # N+1 or better, or 2N
    generator_tier_kw: float  # credited for Tier III/IV after the claimed generator failure
    generator_load_kw: float  # what they must carry: IT at max draw + mechanical + other
    fuel_hours: float | None  # the smallest stated over the generators
    dual_path: bool  # every rack fed from two paths
    maintainable: bool  # every single unit can be taken out without losing or overloading
    not_maintainable: str = ""  # the first unit that cannot
    shared: tuple[str, ...] = ()  # elements below the sources on both paths
    paths_survive: bool = False  # each path alone carries the load
    path_failure: str = ""


def missing_for(tier: int, facts: TierFacts) -> list[str]:
    """What the topology lacks for ``tier`` (empty: it meets it)."""
    missing: list[str] = []
    if tier >= 1 and not facts.ups_on_every_path:
        missing.append("a UPS on the path to every rack")
    if tier >= 2 and not facts.redundant_ups:
        missing.append("redundant UPS capacity (N+1 or 2N) on every rack's path")
    if tier >= 2 and facts.generators and not facts.generators_redundant:
        missing.append("redundant generator capacity (N+1)")
    if tier >= 3:
        missing.extend(_generation_missing(facts))
        if not facts.dual_path:
            missing.append("an alternate distribution path: every rack fed from two paths")
        if not facts.maintainable:
            missing.append(
                "concurrent maintainability: "
                + (facts.not_maintainable or "a unit")
                + " cannot be taken out without losing or overloading load"
            )
    if tier >= 4:
        if facts.shared:
            missing.append(
                "two simultaneously active paths with no shared element (shared: "
                + ", ".join(facts.shared)
                + ")"
            )
        if not facts.paths_survive:
            missing.append(
                "fault tolerance: "
                + (facts.path_failure or "one path alone")
                + " does not carry the load"
            )
    return missing


def _generation_missing(facts: TierFacts) -> list[str]:
    if not facts.generators:
        return ["on-site engine generators as the primary power source"]
    missing = []
    if not facts.generators_redundant:
        missing.append("redundant generator capacity (N+1)")
    if facts.generator_tier_kw + 1e-9 < facts.generator_load_kw:
        missing.append(
            f"generator capacity without a runtime limit ({facts.generator_tier_kw:,.0f} kW "
            f"after one failure) for the {facts.generator_load_kw:,.0f} kW they carry"
        )
    if facts.fuel_hours is None:
        missing.append(f"stated fuel autonomy (`fuel_hours` ≥ {MIN_FUEL_HOURS:g} h)")
    elif facts.fuel_hours < MIN_FUEL_HOURS:
        missing.append(f"{MIN_FUEL_HOURS:g} h of on-site fuel (stated {facts.fuel_hours:g} h)")
    return missing


def tier_reached(facts: TierFacts) -> int:
    """The highest tier (0–4) whose requirements the topology meets."""
    reached = 0
    for tier in (1, 2, 3, 4):
        if missing_for(tier, facts):
            break
        reached = tier
    return reached
