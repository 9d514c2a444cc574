"""Fabric topology outputs: `fabric-<name>.dot`, `.svg` and `.json` from a sized fabric.

The drawing is grouped, never one box per GPU or per switch: nodes and leaves by scalable unit
(identical SUs collapse into one box once there are more than ``SU_DETAIL`` of them), spines and
cores as one box per tier, identical planes drawn once; edges carry link counts and bandwidth. It
stays a handful of boxes at 100,000 GPUs. The JSON holds the same groups plus the per-tier
counts and BOM lines; for small fabrics (≤ ``SMALL_FABRIC_SWITCHES`` switches) it also holds the
per-switch graph, built with networkx (imported only then: 0.1 s of a build), which checks that
the wiring is connected and computes the bisection as a minimum cut. Output is deterministic:
sorted, no timestamps.
"""

from __future__ import annotations

import itertools
import math
import shutil
from typing import TYPE_CHECKING, Any

import attrs

from dcdsl.analysis.fabric import SMALL_FABRIC_SWITCHES, FabricCounts, FabricResult
from dcdsl.analysis.results import Results
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, json_dumps, note
from dcdsl.emit import escape
from dcdsl.emit.escape import dot_string as _quote  # names: quoted, controls escaped
from dcdsl.emit.graphviz import render_svg
from dcdsl.pipeline import Compilation
from dcdsl.schemas import schema_uri

if TYPE_CHECKING:
    import networkx as nx

FORMAT_VERSION = "1.0"
SVG_SKIPPED = code("DC-NET-008")
SU_DETAIL = 8  # up to this many scalable units are drawn one by one


@attrs.frozen
class Group:
    """A box in the drawing: identical things (nodes, leaves, spines…) counted, not listed."""

    id: str
    tier: str  # nodes, endpoints, ufm, leaf, spine, core, …
    label: str
    count: int  # nodes or switches in one instance, per plane for switches
    instances: int = 1  # identical scalable units this box stands for
    cluster: str | None = None  # the SU cluster it is drawn in
    part: str | None = None


@attrs.frozen
class Edge:
    source: str
    target: str
    links: int  # per instance and per plane
    instances: int  # × SUs in the box
    planes: int
    speed_gbps: float | None
    medium: str

    @property
    def total_links(self) -> int:
        return self.links * self.instances * self.planes


def _bw(links: int, speed: float | None) -> str:
    if speed is None:
        return f"{links:,} links"
    gbps = links * speed
    size = f"{gbps / 1000:,.1f} Tb/s" if gbps >= 1000 else f"{gbps:g} Gb/s"
    return f"{links:,} links × {speed:g} Gb/s = {size}"


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _su_classes(counts: FabricCounts) -> list[tuple[int, int, int]]:
    """(first SU, last SU, nodes per SU) runs; reserved slots are left in the last SU."""
    sus = counts.scalable_units or 0
    per_su = counts.nodes_per_su or 0
    if sus == 0:
        return []
    last = max(counts.nodes - (sus - 1) * per_su, 0)
    sizes = [per_su] * (sus - 1) + [last]
    if sus <= SU_DETAIL:
        return [(i + 1, i + 1, n) for i, n in enumerate(sizes)]
    runs: list[tuple[int, int, int]] = []
    for index, nodes in enumerate(sizes, start=1):
        if runs and runs[-1][2] == nodes:
            runs[-1] = (runs[-1][0], index, nodes)
        else:
            runs.append((index, index, nodes))
    return runs


def grouped(result: FabricResult) -> tuple[list[Group], list[Edge]]:
    """The grouped graph: a few boxes per scalable unit class, one per upper tier."""
    counts = result.counts
    if counts is None:
        return [], []
    spec = counts.spec
    planes = spec.planes
    speed = spec.port_speed_gbps
    node_medium = counts.link_tiers[0].medium
    up_medium = counts.link_tiers[1].medium if len(counts.link_tiers) > 1 else node_medium
    part = result.switch_parts
    groups: list[Group] = []
    edges: list[Edge] = []
    leaf_groups: list[tuple[str, int, int]] = []  # id, leaves per instance, instances
    rails = counts.rails_per_plane
    plane_note = f"\nin each of {planes} planes" if planes > 1 else ""
    if spec.topology == "rail_optimized":
        leaves_per_su = rails * counts.leaves_per_rail
        classes = _su_classes(counts)
        for first, last, nodes in classes:
            name = f"SU {first}" if first == last else f"SU {first}–{last}"
            key = f"su{first}" if first == last else f"su{first}-{last}"
            instances = last - first + 1
            each = "\nin each SU" if instances > 1 else ""
            groups.append(
                Group(
                    f"{key}.nodes",
                    "nodes",
                    f"{nodes} nodes × {spec.rails} NICs\n({nodes * spec.rails:,} endpoints){each}",
                    nodes,
                    instances,
                    name if instances == 1 else f"{name} (×{instances} identical)",
                )
            )
            groups.append(
                Group(
                    f"{key}.leaves",
                    "leaf",
                    _lines(
                        f"{leaves_per_su} leaves, "
                        + (
                            f"{counts.leaves_per_rail} per rail"
                            if counts.leaves_per_rail > 1
                            else "one per rail"
                        )
                        + each
                        + plane_note,
                        part.get("leaf"),
                    ),
                    leaves_per_su,
                    instances,
                    groups[-1].cluster,
                    part.get("leaf"),
                )
            )
            edges.append(
                Edge(
                    f"{key}.nodes",
                    f"{key}.leaves",
                    nodes * rails,
                    instances,
                    planes,
                    speed,
                    node_medium,
                )
            )
            leaf_groups.append((f"{key}.leaves", leaves_per_su, instances))
        if spec.extra_ports and classes:
            first, last, _ = classes[-1]
            key = f"su{first}" if first == last else f"su{first}-{last}"
            groups.append(Group("ufm", "ufm", f"UFM\n({spec.extra_ports} ports{plane_note})", 1))
            edges.append(
                Edge("ufm", f"{key}.leaves", spec.extra_ports, 1, planes, speed, node_medium)
            )
    else:
        leaves = counts.leaves // planes
        groups.append(
            Group(
                "endpoints",
                "endpoints",
                f"{counts.endpoints:,} endpoints\n({counts.nodes:,} nodes × {spec.rails})",
                counts.nodes,
            )
        )
        groups.append(
            Group(
                "leaves",
                "leaf",
                _lines(f"{leaves:,} leaves{plane_note}", part.get("leaf")),
                leaves,
                part=part.get("leaf"),
            )
        )
        edges.append(
            Edge(
                "endpoints",
                "leaves",
                counts.endpoints_per_plane,
                1,
                planes,
                speed,
                node_medium,
            )
        )
        if spec.extra_ports:
            ufm_only = spec.ufm_ports is None or spec.ufm_ports == spec.extra_ports
            label = "UFM" if ufm_only else "UFM and other devices"
            groups.append(Group("ufm", "ufm", f"{label}\n({spec.extra_ports} ports)", 1))
            edges.append(Edge("ufm", "leaves", spec.extra_ports, 1, planes, speed, node_medium))
        leaf_groups.append(("leaves", leaves, 1))

    upper_tiers = counts.switch_tiers[1:]
    for tier in upper_tiers:
        per_plane = tier.switches // planes
        label = _lines(f"{per_plane:,} {tier.name}s{plane_note}", part.get(tier.name))
        groups.append(Group(tier.name, tier.name, label, per_plane, part=part.get(tier.name)))
    if upper_tiers:
        lowest_upper = upper_tiers[0].name
        for group_id, leaves_each, copies in leaf_groups:
            edges.append(
                Edge(
                    group_id,
                    lowest_upper,
                    leaves_each * counts.leaf_up,
                    copies,
                    planes,
                    speed,
                    up_medium,
                )
            )
        per_plane_links = counts.link_tiers[1].links // planes if len(counts.link_tiers) > 1 else 0
        for lower, upper in itertools.pairwise(upper_tiers):
            link = counts.link(f"{lower.name}-{upper.name}")
            medium = link.medium if link else up_medium
            edges.append(Edge(lower.name, upper.name, per_plane_links, 1, planes, speed, medium))
    return groups, edges


TIER_COLOURS = {
    "nodes": "#e8f1fb",
    "endpoints": "#e8f1fb",
    "ufm": "#f3e8fb",
    "leaf": "#e6f4ea",
    "spine": "#fff4e0",
    "core": "#fde8e8",
}


def fabric_dot(result: FabricResult) -> str:
    """The grouped topology as Graphviz DOT (bottom-up: nodes, leaves, spines, cores)."""
    groups, edges = grouped(result)
    counts = result.counts
    title = f"fabric {result.name}: {result.topology}"
    if counts is not None:
        title += (
            f", {counts.endpoints:,} endpoints, {counts.tiers} tiers, "
            f"{counts.switches:,} switches, {counts.links:,} links, "
            f"oversubscription {counts.oversubscription}"
        )
        if counts.spec.planes > 1:
            title += f"\n{counts.spec.planes} identical planes: switch and link counts per plane"
        if counts.limit_exceeded:
            title += "\nNOT BUILDABLE: larger than its tiers can hold (DC-NET-001)"
    lines = [
        f"digraph {_quote('fabric-' + result.name)} {{",
        f"  graph [rankdir=BT, label={_quote(title)}, labelloc=t, fontname=Helvetica, "
        "fontsize=12, nodesep=0.25, ranksep=0.9, newrank=true];",
        '  node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=10];',
        '  edge [fontname=Helvetica, fontsize=9, dir=none, color="#555555"];',
    ]
    clusters: dict[str, list[Group]] = {}
    loose: list[Group] = []
    for group in groups:
        if group.cluster:
            clusters.setdefault(group.cluster, []).append(group)
        else:
            loose.append(group)
    for index, (cluster, members) in enumerate(clusters.items()):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f'    label={_quote(cluster)}; style="rounded"; color="#999999";')
        lines.extend(f"    {_node(g)}" for g in members)
        lines.append("  }")
    lines.extend(f"  {_node(g)}" for g in loose)
    for tier in ("nodes", "leaf"):
        ids = " ".join(_quote(g.id) for g in groups if g.tier == tier)
        if ids:
            lines.append(f"  {{ rank=same; {ids} }}")
    for edge in edges:
        label = _bw(edge.links, edge.speed_gbps)
        multiplier = edge.instances * edge.planes
        if multiplier > 1:
            label += f"\neach, ×{multiplier:,} = {edge.total_links:,} links"
        label += f"\n{edge.medium}"
        lines.append(f"  {_quote(edge.source)} -> {_quote(edge.target)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node(group: Group) -> str:
    colour = TIER_COLOURS.get(group.tier, TIER_COLOURS["core"])
    return f'{_quote(group.id)} [label={_quote(group.label)}, fillcolor="{colour}"];'


# --- per-switch graph (small fabrics) -------------------------------------------------------------


def _leaf_ids(counts: FabricCounts, plane: int) -> list[tuple[str, int, str | None]]:
    """(id, endpoint links, SU) of every leaf in one plane, in order."""
    spec = counts.spec
    per_plane = counts.leaves // spec.planes
    if spec.topology != "rail_optimized":
        total = counts.endpoints_per_plane + spec.extra_ports
        low, extra = divmod(total, max(per_plane, 1))
        return [
            (f"p{plane}.leaf{i + 1:03d}", low + (1 if i < extra else 0), None)
            for i in range(per_plane)
        ]
    out: list[tuple[str, int, str | None]] = []
    per_rail = counts.leaves_per_rail
    for first, last, nodes in _su_classes_all(counts):
        for su in range(first, last + 1):
            for rail in range(1, counts.rails_per_plane + 1):
                for k in range(per_rail):
                    share = nodes // per_rail + (1 if k < nodes % per_rail else 0)
                    suffix = f".{k + 1}" if per_rail > 1 else ""
                    out.append((f"p{plane}.su{su}.rail{rail}{suffix}", share, f"SU {su}"))
    # UFM ports land on the last SU's leaves, one each, as in the SuperPOD.
    last_su = [i for i, item in enumerate(out) if item[2] == out[-1][2]] if out else []
    for n in range(spec.extra_ports):
        if last_su:
            index = last_su[n % len(last_su)]
            leaf_id, links, su_name = out[index]
            out[index] = (leaf_id, links + 1, su_name)
    return out


def _su_classes_all(counts: FabricCounts) -> list[tuple[int, int, int]]:
    sus = counts.scalable_units or 0
    per_su = counts.nodes_per_su or 0
    if sus == 0:
        return []
    last = max(counts.nodes - (sus - 1) * per_su, 0)
    return [(1, sus - 1, per_su), (sus, sus, last)] if sus > 1 else [(1, 1, last)]


def switch_graph(counts: FabricCounts) -> nx.Graph | None:
    """Every switch as a node and every switch pair's link count, for fabrics up to 64 switches.

    Uplinks are spread round-robin: link j of lower switch i goes to upper switch (i·k + j) mod n.
    With two tiers and S dividing u, every leaf gets u/S links to every spine (NVIDIA's wiring).
    """
    if counts.switches > SMALL_FABRIC_SWITCHES or counts.switches == 0:
        return None
    import networkx as nx

    graph = nx.Graph()
    spec = counts.spec
    for plane in range(1, spec.planes + 1):
        tiers: list[list[str]] = []
        leaves = _leaf_ids(counts, plane)
        for leaf, endpoints, su in leaves:
            graph.add_node(leaf, tier="leaf", plane=plane, su=su, endpoints=endpoints)
        tiers.append([leaf for leaf, _, _ in leaves])
        for tier in counts.switch_tiers[1:]:
            ids = [f"p{plane}.{tier.name}{i + 1:03d}" for i in range(tier.switches // spec.planes)]
            for node in ids:
                graph.add_node(node, tier=tier.name, plane=plane, su=None, endpoints=0)
            tiers.append(ids)
        per_plane_links = counts.leaf_up * len(tiers[0])
        for level in range(len(tiers) - 1):
            lower, upper = tiers[level], tiers[level + 1]
            k = math.ceil(per_plane_links / max(len(lower), 1))
            sent = 0
            for i, source in enumerate(lower):
                for j in range(k):
                    if sent >= per_plane_links:
                        break
                    target = upper[(i * k + j) % len(upper)]
                    data = graph.get_edge_data(source, target)
                    if data is None:
                        graph.add_edge(source, target, links=1)
                    else:
                        data["links"] += 1
                    sent += 1
    return graph


def min_cut_bisection(graph: nx.Graph, speed_gbps: float | None) -> float | None:
    """Max flow between the two halves of each plane's leaves, endpoints as sources and sinks."""
    if speed_gbps is None:
        return None
    import networkx as nx

    flow = nx.DiGraph()
    for a, b, data in graph.edges(data=True):
        flow.add_edge(a, b, capacity=data["links"])
        flow.add_edge(b, a, capacity=data["links"])
    total = 0.0
    planes = sorted({data["plane"] for _, data in graph.nodes(data=True)})
    for plane in planes:
        leaves = [
            n for n, d in graph.nodes(data=True) if d["tier"] == "leaf" and d["plane"] == plane
        ]
        half = len(leaves) // 2
        if half == 0:
            continue
        work = flow.copy()
        for leaf in leaves[:half]:
            work.add_edge("SOURCE", leaf, capacity=graph.nodes[leaf]["endpoints"])
        for leaf in leaves[half:]:
            work.add_edge(leaf, "SINK", capacity=graph.nodes[leaf]["endpoints"])
        total += nx.maximum_flow_value(work, "SOURCE", "SINK")
    return total * speed_gbps


# --- JSON -----------------------------------------------------------------------------------------


def fabric_document(result: FabricResult) -> dict[str, Any]:
    """The full structure of one fabric as plain data (what fabric-<name>.json holds)."""
    counts = result.counts
    groups, edges = grouped(result)
    doc: dict[str, Any] = {
        "$schema": schema_uri("fabric"),
        "format_version": FORMAT_VERSION,
        "fabric": result.name,
        "kind": result.kind,
        "topology": result.topology,
        "endpoints_from": result.endpoint_text,
        "summary": result.summary(),
        "problems": [p.message for p in result.problems],
    }
    if counts is None:
        return doc
    spec = counts.spec
    doc.update(
        {
            "planes": spec.planes,
            "nodes": counts.nodes,
            "rails": spec.rails,
            "scalable_units": counts.scalable_units,
            "nodes_per_su": counts.nodes_per_su,
            "reserved_nodes": spec.reserved_nodes,
            "ufm_ports_per_plane": spec.extra_ports if spec.ufm_ports is None else spec.ufm_ports,
            "port_speed_gbps": spec.port_speed_gbps,
            "nic_speed_gbps": result.nic_speed_gbps,
            "leaf_ports": {"down": counts.leaf_down, "up": counts.leaf_up},
            "limit": {
                "max_leaves_per_plane": counts.max_leaves,
                "capacity_per_plane": counts.capacity_per_plane,
                "exceeded": counts.limit_exceeded,
            },
            "switch_tiers": [
                {
                    "tier": t.name,
                    "switches": t.switches,
                    "part": result.switch_parts.get(t.name),
                    "radix": t.radix,
                    "down_ports": t.down_ports,
                    "up_ports": t.up_ports,
                    "ports_used_max": t.ports_used,
                    "link_ends": t.link_ends,
                    "oversubscription": t.oversubscription,
                }
                for t in counts.switch_tiers
            ],
            "link_tiers": [
                {
                    "name": link.name,
                    "from": link.lower,
                    "to": link.upper,
                    "links": link.links,
                    "cables": link.links,
                    "medium": link.medium,
                    "speed_gbps": link.speed_gbps,
                    "bandwidth_gbps": link.bandwidth_gbps,
                }
                for link in counts.link_tiers
            ],
            "cables_by_medium": counts.cables_by_medium(),
            "transceivers": {
                "switch_twin_port": counts.switch_modules,
                "node_twin_port": counts.node_twin_modules,
                "node_single_port": counts.node_single_modules,
                "ufm_single_port": counts.ufm_modules,
                "uplink_single_port": counts.uplink_modules,
                "total": counts.transceivers,
            },
            "power_kw": {
                "switches": round(result.switch_power_kw, 6),
                "optics": round(result.optics_power_kw, 6),
                "node_optics_in_server_power": round(result.node_optics_power_kw, 6),
                "total": round(result.power_kw, 6),
            },
            "bisection_gbps": counts.bisection_gbps,
            "groups": [
                {
                    "id": g.id,
                    "tier": g.tier,
                    "label": g.label.replace("\n", " "),
                    "count": g.count,
                    "instances": g.instances,
                    "su": g.cluster,
                    "part": g.part,
                }
                for g in groups
            ],
            "links": [
                {
                    "from": e.source,
                    "to": e.target,
                    "links_each": e.links,
                    "instances": e.instances,
                    "planes": e.planes,
                    "links": e.total_links,
                    "speed_gbps": e.speed_gbps,
                    "bandwidth_gbps": None
                    if e.speed_gbps is None
                    else e.total_links * e.speed_gbps,
                    "medium": e.medium,
                }
                for e in edges
            ],
            "bom": [
                {
                    "role": i.role,
                    "part": i.part,
                    "description": i.description,
                    "quantity": i.quantity,
                    "unit_price_usd": i.unit_price_usd,
                    "unit_power_kw": i.unit_power_kw,
                    "category": i.category,
                }
                for i in result.items
            ],
        }
    )
    graph = switch_graph(counts)
    if graph is None:
        doc["switch_graph"] = None
        doc["switch_graph_omitted"] = (
            f"{counts.switches:,} switches; the per-switch graph is written for "
            f"{SMALL_FABRIC_SWITCHES} or fewer"
        )
    else:
        import networkx as nx

        doc["switch_graph"] = {
            "connected": nx.is_connected(graph),
            "bisection_gbps_min_cut": min_cut_bisection(graph, spec.port_speed_gbps),
            "switches": [
                {
                    "id": n,
                    "tier": d["tier"],
                    "plane": d["plane"],
                    "su": d["su"],
                    "endpoint_links": d["endpoints"],
                }
                for n, d in sorted(graph.nodes(data=True))
            ],
            "links": [
                {"a": a, "b": b, "links": d["links"]}
                for a, b, d in sorted(
                    (min(a, b), max(a, b), d) for a, b, d in graph.edges(data=True)
                )
            ],
        }
    return doc


def fabric_json(result: FabricResult) -> str:
    return json_dumps(fabric_document(result), sort_keys=True)


def file_stems(results: Results) -> dict[str, str]:
    """Fabric name → the `<name>` part of its `fabric-<name>.*` files (safe and unique)."""
    return escape.file_stems(results.fabrics or {})


def fabric_files(
    result: FabricResult, stem: str | None = None
) -> tuple[dict[str, str | bytes], list[Diagnostic]]:
    """{file name: content} for one fabric, and a note when the SVG is skipped."""
    dot = fabric_dot(result)
    base = f"fabric-{stem if stem is not None else escape.file_stem(result.name)}"
    files: dict[str, str | bytes] = {
        f"{base}.dot": dot,
        f"{base}.json": fabric_json(result),
    }
    svg = render_svg(dot)
    if svg is None:
        reason = "missing" if shutil.which("dot") is None else "failed"
        return files, [
            note(
                SVG_SKIPPED,
                f"{base}.svg skipped: the Graphviz `dot` program is {reason}; "
                f"{base}.dot is written",
                help="install Graphviz (`apt-get install graphviz`, `brew install graphviz`) and "
                f"build again, or run `dot -Tsvg {base}.dot`",
            )
        ]
    files[f"{base}.svg"] = svg
    return files, []


def render_files(results: Results) -> tuple[dict[str, str | bytes], list[Diagnostic]]:
    """Every fabric's files, in name order, with the notes of skipped SVGs."""
    files: dict[str, str | bytes] = {}
    notes: list[Diagnostic] = []
    stems = file_stems(results)
    for name, result in sorted(results.fabrics.items()):
        more, skipped = fabric_files(result, stems[name])
        files.update(more)
        notes.extend(skipped)
    return files, notes


def emitter(compilation: Compilation) -> dict[str, str | bytes]:
    """The `dcc build` emitter: {file name: content} (skip notes come from ``render_files``)."""
    results = compilation.results
    if results is None:
        return {}
    return render_files(results)[0]
