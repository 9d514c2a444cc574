# Generated from dcdsl/emit/templates/report.html.j2 by `python -m dcdsl.emit.report_template`
# (dcdsl/emit/report_template.py explains why): do not edit.
# ruff: noqa
# mypy: ignore-errors
JINJA2_VERSION = '3.1.6'
SOURCE = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="dcc {{ version }}">\n<title>{{ design }}: dcc design report</title>\n<style>\n  :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa;\n          --error: #c00000; --warning: #9a6700; --note: #0969da; --ok: #1a7f37; }\n  * { box-sizing: border-box; }\n  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;\n         color: var(--ink); margin: 0; padding: 0 2rem 3rem; max-width: 1200px; }\n  header { border-bottom: 2px solid var(--ink); padding: 1.2rem 0 0.6rem; margin-bottom: 1rem; }\n  h1 { font-size: 1.6rem; margin: 0; }\n  h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }\n  h3 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }\n  .muted { color: var(--muted); }\n  nav a { margin-right: 0.9rem; color: var(--note); text-decoration: none; }\n  .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 0.6rem; }\n  .tiles-title { font-size: 0.85rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; margin: 0.9rem 0 0.35rem; }\n  .figure { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.7rem; }\n  .figure .label { font-size: 0.8rem; color: var(--muted); }\n  .figure .value { font-size: 1.15rem; font-weight: 600; overflow-wrap: anywhere; }\n  .figure .qualifier { font-size: 0.75rem; color: var(--muted); }\n  table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 0.8rem; font-size: 0.85rem; }\n  th, td { border-bottom: 1px solid var(--line); padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }\n  th { background: var(--bg); font-weight: 600; }\n  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n  td code { white-space: nowrap; }\n  td.where code { display: block; white-space: normal; overflow-wrap: break-word; }\n  table.bom td.where { min-width: 10rem; }\n  table.bom { font-size: 0.78rem; }\n  table.bom td code { white-space: normal; overflow-wrap: anywhere; }\n  table.bom td.desc { min-width: 11rem; }\n  td.desc { min-width: 14rem; }\n  .scroll { overflow-x: auto; }\n  code, .code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 0.82rem; }\n  .sev { font-weight: 700; text-transform: uppercase; font-size: 0.75rem; }\n  .sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-note { color: var(--note); }\n  .status-pass { color: var(--ok); font-weight: 700; } .status-fail { color: var(--error); font-weight: 700; }\n  .status-error, .status-unknown { color: var(--warning); font-weight: 700; }\n  .diag-notes { margin: 0.2rem 0 0; padding-left: 1.1rem; color: var(--muted); }\n  .help { color: var(--ok); }\n  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; align-items: start; }\n  .chart svg, .diagram img { max-width: 100%; height: auto; }\n  .diagram { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem; margin-bottom: 1rem; overflow: auto; }\n  .formula { font-family: ui-monospace, "DejaVu Sans Mono", monospace; background: var(--bg); padding: 0.4rem 0.6rem; border-radius: 4px; display: inline-block; }\n  tr.missing td { background: #fff8c5; }\n  footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--line); padding-top: 0.5rem; }\n</style>\n</head>\n<body>\n<header>\n  <h1>{{ design }}</h1>\n  {% if description %}<p class="muted">{{ description }}</p>{% endif %}\n  <p class="muted">Design file: <code>{{ files | join(", ") }}</code></p>\n  <nav>\n    <a href="#figures">Key figures</a><a href="#diagnostics">Diagnostics</a>\n    {% if requirements %}<a href="#requirements">Requirements</a>{% endif %}\n    {% if cost %}<a href="#cost">Cost</a>{% endif %}\n    <a href="#power">Power</a><a href="#cooling">Cooling</a>\n    {% if diagrams or fabrics %}<a href="#diagrams">Diagrams</a>{% endif %}\n    {% if bom %}<a href="#bom">BOM</a>{% endif %}\n  </nav>\n</header>\n\n<section id="figures">\n  <h2>Key figures</h2>\n  {% for group, tiles in figures %}\n  <h3 class="tiles-title">{{ group }}</h3>\n  <div class="figures">\n  {% for label, value, qualifier in tiles %}\n    <div class="figure"><div class="label">{{ label }}</div><div class="value">{{ value }}</div>{% if qualifier %}<div class="qualifier">{{ qualifier }}</div>{% endif %}</div>\n  {% endfor %}\n  </div>\n  {% endfor %}\n</section>\n\n<section id="diagnostics">\n  <h2>Diagnostics ({{ counts.errors }} errors, {{ counts.warnings }} warnings, {{ counts.notes }} notes)</h2>\n  {% if diagnostics %}\n  <table>\n    <thead><tr><th>severity</th><th>code</th><th>message</th><th>location</th></tr></thead>\n    <tbody>\n    {% for d in diagnostics %}\n      <tr>\n        <td class="sev sev-{{ d.severity }}">{{ d.severity }}</td>\n        <td><code>{{ d.code }}</code></td>\n        <td>{{ d.message }}\n          {% if d.excerpt %}<div class="code muted">{{ d.excerpt }}</div>{% endif %}\n          {% if d.notes or d.help %}\n          <ul class="diag-notes">\n            {% for n in d.notes %}<li>{{ n }}</li>{% endfor %}\n            {% if d.help %}<li class="help">help: {{ d.help }}</li>{% endif %}\n          </ul>\n          {% endif %}\n        </td>\n        <td><code>{{ d.location }}</code></td>\n      </tr>\n    {% endfor %}\n    </tbody>\n  </table>\n  {% if diagnostics_more %}\n  <p class="muted">{{ "{:,}".format(diagnostics_more) }} more findings are not listed here: diagnostics.json holds every one.</p>\n  {% endif %}\n  {% else %}\n  <p>No diagnostics.</p>\n  {% endif %}\n</section>\n\n{% if requirements %}\n<section id="requirements">\n  <h2>Requirements</h2>\n  <table>\n    <thead><tr><th>requirement</th><th>computed</th><th>status</th><th>location</th></tr></thead>\n    <tbody>\n    {% for r in requirements %}\n      <tr><td><code>{{ r.text }}</code></td><td class="num">{{ r.value }}</td>\n          <td class="status-{{ r.status }}">{{ r.status }}</td><td><code>{{ r.location }}</code></td></tr>\n    {% endfor %}\n    </tbody>\n  </table>\n</section>\n{% endif %}\n\n{% if cost %}\n<section id="cost">\n  <h2>Cost</h2>\n  <div class="charts">\n    <div>\n      {% if charts.capex %}<div class="chart">{{ charts.capex }}</div>{% endif %}\n      <table>\n        <thead><tr><th>capex</th><th class="num">USD</th></tr></thead>\n        <tbody>{% for k, v in capex_rows %}<tr><td>{{ k }}</td><td class="num">{{ v }}</td></tr>{% endfor %}</tbody>\n      </table>\n    </div>\n    <div>\n      {% if charts.opex %}<div class="chart">{{ charts.opex }}</div>{% endif %}\n      <table>\n        <thead><tr><th>opex per year</th><th class="num">USD</th></tr></thead>\n        <tbody>{% for k, v in opex_rows %}<tr><td>{{ k }}</td><td class="num">{{ v }}</td></tr>{% endfor %}</tbody>\n      </table>\n      <p class="muted">Energy from {{ energy_source or "nothing: no tariff" }}.\n      {% if energy_computed %}Facility energy × tariff as modelled: {{ energy_computed }} a year.{% endif %}\n      {% if cost.maintenance_rate is not none %}Maintenance: {{ "%.1f"|format(cost.maintenance_rate * 100) }} % a year of equipment capex.{% endif %}</p>\n    </div>\n  </div>\n  <h3>Total cost of ownership</h3>\n  <table>\n    <tbody>\n      <tr><td>years</td><td class="num">{{ "%g"|format(tco.years) }}</td></tr>\n      <tr><td>capex + opex × years</td><td class="num">{{ usd(tco.total_usd) }}</td></tr>\n      <tr><td>present value at {{ "%.1f"|format(tco.discount_rate * 100) }} %</td><td class="num">{{ usd(tco.present_value_usd) }}</td></tr>\n      <tr><td>per year (capex / years + opex)</td><td class="num">{{ usd(tco.annualised_usd_per_year) }}</td></tr>\n      {% if tco.usd_per_gpu_hour is not none %}<tr><td>per GPU-hour</td><td class="num">{{ usd_cents(tco.usd_per_gpu_hour) }}</td></tr>{% endif %}\n      {% if tco.usd_per_node_month is not none %}<tr><td>per node-month</td><td class="num">{{ "{:,.0f}".format(tco.usd_per_node_month) }} USD</td></tr>{% endif %}\n    </tbody>\n  </table>\n  {% if rent %}\n  <h3>Rent or buy</h3>\n  <p>Renting a node for a fraction <i>u</i> of a month costs <i>u</i> × the cloud price; owning it\n  costs the same every month. Owning is cheaper above the break-even utilisation</p>\n  <p class="formula">u* = owned cost per node-month / cloud price per node-month</p>\n  <table>\n    <thead><tr><th>cloud price</th><th>u* = owned / cloud (USD per node-month)</th><th class="num">break-even</th><th></th></tr></thead>\n    <tbody>\n    {% for r in rent %}\n      <tr><td>{{ r.label }}</td><td class="code">{{ r.formula }}</td><td class="num">{{ r.share }}</td><td>{{ r.verdict }}</td></tr>\n    {% endfor %}\n    </tbody>\n  </table>\n  <p class="muted">Owned cost: {{ rent_source.owned_source }}. Cloud prices: {{ rent_source.cloud_source }}.</p>\n  {% endif %}\n</section>\n{% endif %}\n\n<section id="power">\n  <h2>Power</h2>\n  <div class="charts">\n    <div>{% if charts.halls %}<div class="chart">{{ charts.halls }}</div>{% endif %}\n      <table><thead><tr><th>hall</th><th class="num">IT power</th></tr></thead>\n        <tbody>{% for h, v in halls %}<tr><td>{{ h }}</td><td class="num">{{ v }}</td></tr>{% endfor %}</tbody></table>\n    </div>\n    <div>{% if facility %}\n      <table><thead><tr><th>facility power</th><th class="num"></th></tr></thead>\n        <tbody>{% for k, v in facility %}<tr><td>{{ k }}</td><td class="num">{{ v }}</td></tr>{% endfor %}</tbody></table>\n    {% endif %}</div>\n  </div>\n  {% if electrical %}\n  <h3>Power chain: voltages, loading, fault levels</h3>\n  <p class="muted">{{ electrical_basis }}</p>\n  <table><thead><tr><th>element</th><th>kind</th><th>units × rating</th><th>voltage</th><th class="num">loading</th><th class="num">claimed failure</th><th class="num">limit</th><th class="num">fault current</th><th class="num">interrupting</th></tr></thead>\n    <tbody>{% for r in electrical %}<tr><td>{{ r.element }}</td><td>{{ r.kind }}</td><td>{{ r.units }}</td><td>{{ r.voltage }}</td><td class="num">{{ r.loading }}</td><td class="num">{{ r.claimed }}</td><td class="num">{{ r.limit }}</td><td class="num{% if r.status %} status-fail{% endif %}">{{ r.fault }}</td><td class="num">{{ r.interrupting }}</td></tr>{% endfor %}</tbody></table>\n  {% endif %}\n</section>\n\n<section id="cooling">\n  <h2>Cooling</h2>\n  {% if charts.density %}<div class="chart">{{ charts.density }}</div>{% endif %}\n  {% if density_more %}<p class="muted">… and {{ density_more }} cooler rack groups not drawn.</p>{% endif %}\n  {% if density %}\n  <table>\n    <thead><tr><th>racks</th><th class="num">count</th><th class="num">kW per rack</th><th class="num">warning above</th><th class="num">limit</th></tr></thead>\n    <tbody>\n    {% for r in density %}\n      <tr><td>{{ r.label }}</td><td class="num">{{ "{:,}".format(r.count) }}</td><td class="num">{{ "%.1f"|format(r.kw) }}</td>\n          <td class="num">{{ "%.0f"|format(r.warn_kw) if r.warn_kw is not none else "—" }}</td>\n          <td class="num">{{ "%.0f"|format(r.limit_kw) if r.limit_kw is not none else "—" }}</td></tr>\n    {% endfor %}\n    </tbody>\n  </table>\n  {% endif %}\n</section>\n\n{% if diagrams or fabrics %}\n<section id="diagrams">\n  <h2>Diagrams</h2>\n  {% if fabrics %}\n  <table>\n    <thead><tr><th>fabric</th><th class="num">endpoints</th><th class="num">tiers</th><th class="num">switches</th><th class="num">cables</th><th class="num">transceivers</th><th>oversubscription</th><th class="num">power</th></tr></thead>\n    <tbody>\n    {% for f in fabrics %}\n      <tr><td>{{ f.name }}</td><td class="num">{{ f.endpoints }}</td><td class="num">{{ f.tiers }}</td><td class="num">{{ f.switches }}</td>\n          <td class="num">{{ f.cables }}</td><td class="num">{{ f.transceivers }}</td><td>{{ f.oversubscription }}</td><td class="num">{{ f.power }}</td></tr>\n    {% endfor %}\n    </tbody>\n  </table>\n  {% endif %}\n  {% for d in diagrams %}\n  <h3>{{ d.title }} <span class="muted">({{ d.file }})</span></h3>\n  {% if d.src %}\n  <div class="diagram"><img src="{{ d.src }}" alt="{{ d.title }}"></div>\n  {% else %}\n  <p class="muted">Not embedded: the diagrams above already fill the page\'s budget of {{ d.budget }}; open <a href="{{ d.file }}">{{ d.file }}</a> beside this report.</p>\n  {% endif %}\n  {% endfor %}\n</section>\n{% endif %}\n\n{% if bom %}\n<section id="bom">\n  <h2>Bill of materials</h2>\n  <div class="scroll">\n  <table class="bom">\n    <thead><tr><th>type</th><th>category</th><th>part</th><th>description</th><th class="num">quantity</th><th>unit</th>\n      <th class="num">unit price</th><th class="num">extended</th><th>where</th><th>price origin</th></tr></thead>\n    <tbody>\n    {% for b in bom %}\n      <tr class="{{ b.missing }}"><td>{{ b.type }}</td><td>{{ b.category }}</td><td><code>{{ b.part }}</code></td><td class="desc">{{ b.description }}</td>\n        <td class="num">{{ b.quantity }}</td><td>{{ b.unit }}</td><td class="num">{{ b.unit_price }}</td><td class="num">{{ b.extended }}</td>\n        <td class="where">{% for w in b.where %}<code>{{ w }}</code>{% endfor %}</td><td title="{{ b.origin_full }}">{{ b.origin }}</td></tr>\n    {% endfor %}\n    </tbody>\n  </table>\n  </div>\n  <p class="muted">Money in USD. A unit price marked (estimate) is a planning estimate, not a quote. The same lines are in bom.csv, bom.md and bom.json.</p>\n</section>\n{% endif %}\n\n<footer>Generated by dcc {{ version }} from <code>{{ files | join(", ") }}</code>. Every figure is computed from the design\'s inputs; docs/outputs.md describes each one.</footer>\n</body>\n</html>\n'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_version = resolve('version')
    l_0_design = resolve('design')
    l_0_description = resolve('description')
    l_0_files = resolve('files')
    l_0_requirements = resolve('requirements')
    l_0_cost = resolve('cost')
    l_0_diagrams = resolve('diagrams')
    l_0_fabrics = resolve('fabrics')
    l_0_bom = resolve('bom')
    l_0_figures = resolve('figures')
    l_0_counts = resolve('counts')
    l_0_diagnostics = resolve('diagnostics')
    l_0_diagnostics_more = resolve('diagnostics_more')
    l_0_charts = resolve('charts')
    l_0_capex_rows = resolve('capex_rows')
    l_0_opex_rows = resolve('opex_rows')
    l_0_energy_source = resolve('energy_source')
    l_0_energy_computed = resolve('energy_computed')
    l_0_tco = resolve('tco')
    l_0_usd = resolve('usd')
    l_0_usd_cents = resolve('usd_cents')
    l_0_rent = resolve('rent')
    l_0_rent_source = resolve('rent_source')
    l_0_halls = resolve('halls')
    l_0_facility = resolve('facility')
    l_0_electrical = resolve('electrical')
    l_0_electrical_basis = resolve('electrical_basis')
    l_0_density_more = resolve('density_more')
    l_0_density = resolve('density')
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="dcc '
    yield escape(environment.finalize((undefined(name='version') if l_0_version is missing else l_0_version)))
    yield '">\n<title>'
    yield escape(environment.finalize((undefined(name='design') if l_0_design is missing else l_0_design)))
    yield ': dcc design report</title>\n<style>\n  :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa;\n          --error: #c00000; --warning: #9a6700; --note: #0969da; --ok: #1a7f37; }\n  * { box-sizing: border-box; }\n  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;\n         color: var(--ink); margin: 0; padding: 0 2rem 3rem; max-width: 1200px; }\n  header { border-bottom: 2px solid var(--ink); padding: 1.2rem 0 0.6rem; margin-bottom: 1rem; }\n  h1 { font-size: 1.6rem; margin: 0; }\n  h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }\n  h3 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }\n  .muted { color: var(--muted); }\n  nav a { margin-right: 0.9rem; color: var(--note); text-decoration: none; }\n  .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 0.6rem; }\n  .tiles-title { font-size: 0.85rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; margin: 0.9rem 0 0.35rem; }\n  .figure { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.7rem; }\n  .figure .label { font-size: 0.8rem; color: var(--muted); }\n  .figure .value { font-size: 1.15rem; font-weight: 600; overflow-wrap: anywhere; }\n  .figure .qualifier { font-size: 0.75rem; color: var(--muted); }\n  table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 0.8rem; font-size: 0.85rem; }\n  th, td { border-bottom: 1px solid var(--line); padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }\n  th { background: var(--bg); font-weight: 600; }\n  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n  td code { white-space: nowrap; }\n  td.where code { display: block; white-space: normal; overflow-wrap: break-word; }\n  table.bom td.where { min-width: 10rem; }\n  table.bom { font-size: 0.78rem; }\n  table.bom td code { white-space: normal; overflow-wrap: anywhere; }\n  table.bom td.desc { min-width: 11rem; }\n  td.desc { min-width: 14rem; }\n  .scroll { overflow-x: auto; }\n  code, .code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 0.82rem; }\n  .sev { font-weight: 700; text-transform: uppercase; font-size: 0.75rem; }\n  .sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-note { color: var(--note); }\n  .status-pass { color: var(--ok); font-weight: 700; } .status-fail { color: var(--error); font-weight: 700; }\n  .status-error, .status-unknown { color: var(--warning); font-weight: 700; }\n  .diag-notes { margin: 0.2rem 0 0; padding-left: 1.1rem; color: var(--muted); }\n  .help { color: var(--ok); }\n  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; align-items: start; }\n  .chart svg, .diagram img { max-width: 100%; height: auto; }\n  .diagram { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem; margin-bottom: 1rem; overflow: auto; }\n  .formula { font-family: ui-monospace, "DejaVu Sans Mono", monospace; background: var(--bg); padding: 0.4rem 0.6rem; border-radius: 4px; display: inline-block; }\n  tr.missing td { background: #fff8c5; }\n  footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--line); padding-top: 0.5rem; }\n</style>\n</head>\n<body>\n<header>\n  <h1>'
    yield escape(environment.finalize((undefined(name='design') if l_0_design is missing else l_0_design)))
    yield '</h1>\n'
    if (undefined(name='description') if l_0_description is missing else l_0_description):
        pass
        yield '<p class="muted">'
        yield escape(environment.finalize((undefined(name='description') if l_0_description is missing else l_0_description)))
        yield '</p>'
    yield '  <p class="muted">Design file: <code>'
    yield escape(environment.finalize(t_2(context.eval_ctx, (undefined(name='files') if l_0_files is missing else l_0_files), ', ')))
    yield '</code></p>\n  <nav>\n    <a href="#figures">Key figures</a><a href="#diagnostics">Diagnostics</a>\n'
    if (undefined(name='requirements') if l_0_requirements is missing else l_0_requirements):
        pass
        yield '<a href="#requirements">Requirements</a>'
    if (undefined(name='cost') if l_0_cost is missing else l_0_cost):
        pass
        yield '<a href="#cost">Cost</a>'
    yield '    <a href="#power">Power</a><a href="#cooling">Cooling</a>\n'
    if ((undefined(name='diagrams') if l_0_diagrams is missing else l_0_diagrams) or (undefined(name='fabrics') if l_0_fabrics is missing else l_0_fabrics)):
        pass
        yield '<a href="#diagrams">Diagrams</a>'
    if (undefined(name='bom') if l_0_bom is missing else l_0_bom):
        pass
        yield '<a href="#bom">BOM</a>'
    yield '  </nav>\n</header>\n\n<section id="figures">\n  <h2>Key figures</h2>\n'
    for (l_1_group, l_1_tiles) in (undefined(name='figures') if l_0_figures is missing else l_0_figures):
        _loop_vars = {}
        pass
        yield '  <h3 class="tiles-title">'
        yield escape(environment.finalize(l_1_group))
        yield '</h3>\n  <div class="figures">\n'
        for (l_2_label, l_2_value, l_2_qualifier) in l_1_tiles:
            _loop_vars = {}
            pass
            yield '    <div class="figure"><div class="label">'
            yield escape(environment.finalize(l_2_label))
            yield '</div><div class="value">'
            yield escape(environment.finalize(l_2_value))
            yield '</div>'
            if l_2_qualifier:
                pass
                yield '<div class="qualifier">'
                yield escape(environment.finalize(l_2_qualifier))
                yield '</div>'
            yield '</div>\n'
        l_2_label = l_2_value = l_2_qualifier = missing
        yield '  </div>\n'
    l_1_group = l_1_tiles = missing
    yield '</section>\n\n<section id="diagnostics">\n  <h2>Diagnostics ('
    yield escape(environment.finalize(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'errors')))
    yield ' errors, '
    yield escape(environment.finalize(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'warnings')))
    yield ' warnings, '
    yield escape(environment.finalize(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'notes')))
    yield ' notes)</h2>\n'
    if (undefined(name='diagnostics') if l_0_diagnostics is missing else l_0_diagnostics):
        pass
        yield '  <table>\n    <thead><tr><th>severity</th><th>code</th><th>message</th><th>location</th></tr></thead>\n    <tbody>\n'
        for l_1_d in (undefined(name='diagnostics') if l_0_diagnostics is missing else l_0_diagnostics):
            _loop_vars = {}
            pass
            yield '      <tr>\n        <td class="sev sev-'
            yield escape(environment.finalize(environment.getattr(l_1_d, 'severity')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_d, 'severity')))
            yield '</td>\n        <td><code>'
            yield escape(environment.finalize(environment.getattr(l_1_d, 'code')))
            yield '</code></td>\n        <td>'
            yield escape(environment.finalize(environment.getattr(l_1_d, 'message')))
            yield '\n'
            if environment.getattr(l_1_d, 'excerpt'):
                pass
                yield '<div class="code muted">'
                yield escape(environment.finalize(environment.getattr(l_1_d, 'excerpt')))
                yield '</div>'
            if (environment.getattr(l_1_d, 'notes') or environment.getattr(l_1_d, 'help')):
                pass
                yield '          <ul class="diag-notes">\n'
                for l_2_n in environment.getattr(l_1_d, 'notes'):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(environment.finalize(l_2_n))
                    yield '</li>'
                l_2_n = missing
                if environment.getattr(l_1_d, 'help'):
                    pass
                    yield '<li class="help">help: '
                    yield escape(environment.finalize(environment.getattr(l_1_d, 'help')))
                    yield '</li>'
                yield '          </ul>\n'
            yield '        </td>\n        <td><code>'
            yield escape(environment.finalize(environment.getattr(l_1_d, 'location')))
            yield '</code></td>\n      </tr>\n'
        l_1_d = missing
        yield '    </tbody>\n  </table>\n'
        if (undefined(name='diagnostics_more') if l_0_diagnostics_more is missing else l_0_diagnostics_more):
            pass
            yield '  <p class="muted">'
            yield escape(environment.finalize(context.call(environment.getattr('{:,}', 'format'), (undefined(name='diagnostics_more') if l_0_diagnostics_more is missing else l_0_diagnostics_more))))
            yield ' more findings are not listed here: diagnostics.json holds every one.</p>\n'
    else:
        pass
        yield '  <p>No diagnostics.</p>\n'
    yield '</section>\n\n'
    if (undefined(name='requirements') if l_0_requirements is missing else l_0_requirements):
        pass
        yield '<section id="requirements">\n  <h2>Requirements</h2>\n  <table>\n    <thead><tr><th>requirement</th><th>computed</th><th>status</th><th>location</th></tr></thead>\n    <tbody>\n'
        for l_1_r in (undefined(name='requirements') if l_0_requirements is missing else l_0_requirements):
            _loop_vars = {}
            pass
            yield '      <tr><td><code>'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'text')))
            yield '</code></td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'value')))
            yield '</td>\n          <td class="status-'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'status')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'status')))
            yield '</td><td><code>'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'location')))
            yield '</code></td></tr>\n'
        l_1_r = missing
        yield '    </tbody>\n  </table>\n</section>\n'
    yield '\n'
    if (undefined(name='cost') if l_0_cost is missing else l_0_cost):
        pass
        yield '<section id="cost">\n  <h2>Cost</h2>\n  <div class="charts">\n    <div>\n'
        if environment.getattr((undefined(name='charts') if l_0_charts is missing else l_0_charts), 'capex'):
            pass
            yield '<div class="chart">'
            yield escape(environment.finalize(environment.getattr((undefined(name='charts') if l_0_charts is missing else l_0_charts), 'capex')))
            yield '</div>'
        yield '      <table>\n        <thead><tr><th>capex</th><th class="num">USD</th></tr></thead>\n        <tbody>'
        for (l_1_k, l_1_v) in (undefined(name='capex_rows') if l_0_capex_rows is missing else l_0_capex_rows):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(l_1_k))
            yield '</td><td class="num">'
            yield escape(environment.finalize(l_1_v))
            yield '</td></tr>'
        l_1_k = l_1_v = missing
        yield '</tbody>\n      </table>\n    </div>\n    <div>\n'
        if environment.getattr((undefined(name='charts') if l_0_charts is missing else l_0_charts), 'opex'):
            pass
            yield '<div class="chart">'
            yield escape(environment.finalize(environment.getattr((undefined(name='charts') if l_0_charts is missing else l_0_charts), 'opex')))
            yield '</div>'
        yield '      <table>\n        <thead><tr><th>opex per year</th><th class="num">USD</th></tr></thead>\n        <tbody>'
        for (l_1_k, l_1_v) in (undefined(name='opex_rows') if l_0_opex_rows is missing else l_0_opex_rows):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(l_1_k))
            yield '</td><td class="num">'
            yield escape(environment.finalize(l_1_v))
            yield '</td></tr>'
        l_1_k = l_1_v = missing
        yield '</tbody>\n      </table>\n      <p class="muted">Energy from '
        yield escape(environment.finalize(((undefined(name='energy_source') if l_0_energy_source is missing else l_0_energy_source) or 'nothing: no tariff')))
        yield '.\n'
        if (undefined(name='energy_computed') if l_0_energy_computed is missing else l_0_energy_computed):
            pass
            yield 'Facility energy × tariff as modelled: '
            yield escape(environment.finalize((undefined(name='energy_computed') if l_0_energy_computed is missing else l_0_energy_computed)))
            yield ' a year.'
        if (not t_3(environment.getattr((undefined(name='cost') if l_0_cost is missing else l_0_cost), 'maintenance_rate'))):
            pass
            yield 'Maintenance: '
            yield escape(environment.finalize(t_1('%.1f', (environment.getattr((undefined(name='cost') if l_0_cost is missing else l_0_cost), 'maintenance_rate') * 100))))
            yield ' % a year of equipment capex.'
        yield '</p>\n    </div>\n  </div>\n  <h3>Total cost of ownership</h3>\n  <table>\n    <tbody>\n      <tr><td>years</td><td class="num">'
        yield escape(environment.finalize(t_1('%g', environment.getattr((undefined(name='tco') if l_0_tco is missing else l_0_tco), 'years'))))
        yield '</td></tr>\n      <tr><td>capex + opex × years</td><td class="num">'
        yield escape(environment.finalize(context.call((undefined(name='usd') if l_0_usd is missing else l_0_usd), environment.getattr((undefined(name='tco') if l_0_tco is missing else l_0_tco), 'total_usd'))))
        yield '</td></tr>\n      <tr><td>present value at '
        yield escape(environment.finalize(t_1('%.1f', (environment.getattr((undefined(name='tco') if l_0_tco is missing else l_0_tco), 'discount_rate') * 100))))
        yield ' %</td><td class="num">'
        yield escape(environment.finalize(context.call((undefined(name='usd') if l_0_usd is missing else l_0_usd), environment.getattr((undefined(name='tco') if l_0_tco is missing else l_0_tco), 'present_value_usd'))))
        yield '</td></tr>\n      <tr><td>per year (capex / years + opex)</td><td class="num">'
        yield escape(environment.finalize(context.call((undefined(name='usd') if l_0_usd is missing else l_0_usd), environment.getattr((undefined(name='tco') if l_0_tco is missing else l_0_tco), 'annualised_usd_per_year'))))
        yield '</td></tr>\n'
        if (not t_3(environment.getattr((undefined(name='tco') if l_0_tco is missing else l_0_tco), 'usd_per_gpu_hour'))):
            pass
            yield '<tr><td>per GPU-hour</td><td class="num">'
            yield escape(environment.finalize(context.call((undefined(name='usd_cents') if l_0_usd_cents is missing else l_0_usd_cents), environment.getattr((undefined(name='tco') if l_0_tco is missing else l_0_tco), 'usd_per_gpu_hour'))))
            yield '</td></tr>'
        if (not t_3(environment.getattr((undefined(name='tco') if l_0_tco is missing else l_0_tco), 'usd_per_node_month'))):
            pass
            yield '<tr><td>per node-month</td><td class="num">'
            yield escape(environment.finalize(context.call(environment.getattr('{:,.0f}', 'format'), environment.getattr((undefined(name='tco') if l_0_tco is missing else l_0_tco), 'usd_per_node_month'))))
            yield ' USD</td></tr>'
        yield '    </tbody>\n  </table>\n'
        if (undefined(name='rent') if l_0_rent is missing else l_0_rent):
            pass
            yield '  <h3>Rent or buy</h3>\n  <p>Renting a node for a fraction <i>u</i> of a month costs <i>u</i> × the cloud price; owning it\n  costs the same every month. Owning is cheaper above the break-even utilisation</p>\n  <p class="formula">u* = owned cost per node-month / cloud price per node-month</p>\n  <table>\n    <thead><tr><th>cloud price</th><th>u* = owned / cloud (USD per node-month)</th><th class="num">break-even</th><th></th></tr></thead>\n    <tbody>\n'
            for l_1_r in (undefined(name='rent') if l_0_rent is missing else l_0_rent):
                _loop_vars = {}
                pass
                yield '      <tr><td>'
                yield escape(environment.finalize(environment.getattr(l_1_r, 'label')))
                yield '</td><td class="code">'
                yield escape(environment.finalize(environment.getattr(l_1_r, 'formula')))
                yield '</td><td class="num">'
                yield escape(environment.finalize(environment.getattr(l_1_r, 'share')))
                yield '</td><td>'
                yield escape(environment.finalize(environment.getattr(l_1_r, 'verdict')))
                yield '</td></tr>\n'
            l_1_r = missing
            yield '    </tbody>\n  </table>\n  <p class="muted">Owned cost: '
            yield escape(environment.finalize(environment.getattr((undefined(name='rent_source') if l_0_rent_source is missing else l_0_rent_source), 'owned_source')))
            yield '. Cloud prices: '
            yield escape(environment.finalize(environment.getattr((undefined(name='rent_source') if l_0_rent_source is missing else l_0_rent_source), 'cloud_source')))
            yield '.</p>\n'
        yield '</section>\n'
    yield '\n<section id="power">\n  <h2>Power</h2>\n  <div class="charts">\n    <div>'
    if environment.getattr((undefined(name='charts') if l_0_charts is missing else l_0_charts), 'halls'):
        pass
        yield '<div class="chart">'
        yield escape(environment.finalize(environment.getattr((undefined(name='charts') if l_0_charts is missing else l_0_charts), 'halls')))
        yield '</div>'
    yield '      <table><thead><tr><th>hall</th><th class="num">IT power</th></tr></thead>\n        <tbody>'
    for (l_1_h, l_1_v) in (undefined(name='halls') if l_0_halls is missing else l_0_halls):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.finalize(l_1_h))
        yield '</td><td class="num">'
        yield escape(environment.finalize(l_1_v))
        yield '</td></tr>'
    l_1_h = l_1_v = missing
    yield '</tbody></table>\n    </div>\n    <div>'
    if (undefined(name='facility') if l_0_facility is missing else l_0_facility):
        pass
        yield '      <table><thead><tr><th>facility power</th><th class="num"></th></tr></thead>\n        <tbody>'
        for (l_1_k, l_1_v) in (undefined(name='facility') if l_0_facility is missing else l_0_facility):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(l_1_k))
            yield '</td><td class="num">'
            yield escape(environment.finalize(l_1_v))
            yield '</td></tr>'
        l_1_k = l_1_v = missing
        yield '</tbody></table>\n'
    yield '</div>\n  </div>\n'
    if (undefined(name='electrical') if l_0_electrical is missing else l_0_electrical):
        pass
        yield '  <h3>Power chain: voltages, loading, fault levels</h3>\n  <p class="muted">'
        yield escape(environment.finalize((undefined(name='electrical_basis') if l_0_electrical_basis is missing else l_0_electrical_basis)))
        yield '</p>\n  <table><thead><tr><th>element</th><th>kind</th><th>units × rating</th><th>voltage</th><th class="num">loading</th><th class="num">claimed failure</th><th class="num">limit</th><th class="num">fault current</th><th class="num">interrupting</th></tr></thead>\n    <tbody>'
        for l_1_r in (undefined(name='electrical') if l_0_electrical is missing else l_0_electrical):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'element')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'kind')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'units')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'voltage')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'loading')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'claimed')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'limit')))
            yield '</td><td class="num'
            if environment.getattr(l_1_r, 'status'):
                pass
                yield ' status-fail'
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'fault')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'interrupting')))
            yield '</td></tr>'
        l_1_r = missing
        yield '</tbody></table>\n'
    yield '</section>\n\n<section id="cooling">\n  <h2>Cooling</h2>\n'
    if environment.getattr((undefined(name='charts') if l_0_charts is missing else l_0_charts), 'density'):
        pass
        yield '<div class="chart">'
        yield escape(environment.finalize(environment.getattr((undefined(name='charts') if l_0_charts is missing else l_0_charts), 'density')))
        yield '</div>'
    if (undefined(name='density_more') if l_0_density_more is missing else l_0_density_more):
        pass
        yield '<p class="muted">… and '
        yield escape(environment.finalize((undefined(name='density_more') if l_0_density_more is missing else l_0_density_more)))
        yield ' cooler rack groups not drawn.</p>'
    if (undefined(name='density') if l_0_density is missing else l_0_density):
        pass
        yield '  <table>\n    <thead><tr><th>racks</th><th class="num">count</th><th class="num">kW per rack</th><th class="num">warning above</th><th class="num">limit</th></tr></thead>\n    <tbody>\n'
        for l_1_r in (undefined(name='density') if l_0_density is missing else l_0_density):
            _loop_vars = {}
            pass
            yield '      <tr><td>'
            yield escape(environment.finalize(environment.getattr(l_1_r, 'label')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(context.call(environment.getattr('{:,}', 'format'), environment.getattr(l_1_r, 'count'), _loop_vars=_loop_vars)))
            yield '</td><td class="num">'
            yield escape(environment.finalize(t_1('%.1f', environment.getattr(l_1_r, 'kw'))))
            yield '</td>\n          <td class="num">'
            yield escape(environment.finalize((t_1('%.0f', environment.getattr(l_1_r, 'warn_kw')) if (not t_3(environment.getattr(l_1_r, 'warn_kw'))) else '—')))
            yield '</td>\n          <td class="num">'
            yield escape(environment.finalize((t_1('%.0f', environment.getattr(l_1_r, 'limit_kw')) if (not t_3(environment.getattr(l_1_r, 'limit_kw'))) else '—')))
            yield '</td></tr>\n'
        l_1_r = missing
        yield '    </tbody>\n  </table>\n'
    yield '</section>\n\n'
    if ((undefined(name='diagrams') if l_0_diagrams is missing else l_0_diagrams) or (undefined(name='fabrics') if l_0_fabrics is missing else l_0_fabrics)):
        pass
        yield '<section id="diagrams">\n  <h2>Diagrams</h2>\n'
        if (undefined(name='fabrics') if l_0_fabrics is missing else l_0_fabrics):
            pass
            yield '  <table>\n    <thead><tr><th>fabric</th><th class="num">endpoints</th><th class="num">tiers</th><th class="num">switches</th><th class="num">cables</th><th class="num">transceivers</th><th>oversubscription</th><th class="num">power</th></tr></thead>\n    <tbody>\n'
            for l_1_f in (undefined(name='fabrics') if l_0_fabrics is missing else l_0_fabrics):
                _loop_vars = {}
                pass
                yield '      <tr><td>'
                yield escape(environment.finalize(environment.getattr(l_1_f, 'name')))
                yield '</td><td class="num">'
                yield escape(environment.finalize(environment.getattr(l_1_f, 'endpoints')))
                yield '</td><td class="num">'
                yield escape(environment.finalize(environment.getattr(l_1_f, 'tiers')))
                yield '</td><td class="num">'
                yield escape(environment.finalize(environment.getattr(l_1_f, 'switches')))
                yield '</td>\n          <td class="num">'
                yield escape(environment.finalize(environment.getattr(l_1_f, 'cables')))
                yield '</td><td class="num">'
                yield escape(environment.finalize(environment.getattr(l_1_f, 'transceivers')))
                yield '</td><td>'
                yield escape(environment.finalize(environment.getattr(l_1_f, 'oversubscription')))
                yield '</td><td class="num">'
                yield escape(environment.finalize(environment.getattr(l_1_f, 'power')))
                yield '</td></tr>\n'
            l_1_f = missing
            yield '    </tbody>\n  </table>\n'
        for l_1_d in (undefined(name='diagrams') if l_0_diagrams is missing else l_0_diagrams):
            _loop_vars = {}
            pass
            yield '  <h3>'
            yield escape(environment.finalize(environment.getattr(l_1_d, 'title')))
            yield ' <span class="muted">('
            yield escape(environment.finalize(environment.getattr(l_1_d, 'file')))
            yield ')</span></h3>\n'
            if environment.getattr(l_1_d, 'src'):
                pass
                yield '  <div class="diagram"><img src="'
                yield escape(environment.finalize(environment.getattr(l_1_d, 'src')))
                yield '" alt="'
                yield escape(environment.finalize(environment.getattr(l_1_d, 'title')))
                yield '"></div>\n'
            else:
                pass
                yield '  <p class="muted">Not embedded: the diagrams above already fill the page\'s budget of '
                yield escape(environment.finalize(environment.getattr(l_1_d, 'budget')))
                yield '; open <a href="'
                yield escape(environment.finalize(environment.getattr(l_1_d, 'file')))
                yield '">'
                yield escape(environment.finalize(environment.getattr(l_1_d, 'file')))
                yield '</a> beside this report.</p>\n'
        l_1_d = missing
        yield '</section>\n'
    yield '\n'
    if (undefined(name='bom') if l_0_bom is missing else l_0_bom):
        pass
        yield '<section id="bom">\n  <h2>Bill of materials</h2>\n  <div class="scroll">\n  <table class="bom">\n    <thead><tr><th>type</th><th>category</th><th>part</th><th>description</th><th class="num">quantity</th><th>unit</th>\n      <th class="num">unit price</th><th class="num">extended</th><th>where</th><th>price origin</th></tr></thead>\n    <tbody>\n'
        for l_1_b in (undefined(name='bom') if l_0_bom is missing else l_0_bom):
            _loop_vars = {}
            pass
            yield '      <tr class="'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'missing')))
            yield '"><td>'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'type')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'category')))
            yield '</td><td><code>'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'part')))
            yield '</code></td><td class="desc">'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'description')))
            yield '</td>\n        <td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'quantity')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'unit')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'unit_price')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'extended')))
            yield '</td>\n        <td class="where">'
            for l_2_w in environment.getattr(l_1_b, 'where'):
                _loop_vars = {}
                pass
                yield '<code>'
                yield escape(environment.finalize(l_2_w))
                yield '</code>'
            l_2_w = missing
            yield '</td><td title="'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'origin_full')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_b, 'origin')))
            yield '</td></tr>\n'
        l_1_b = missing
        yield '    </tbody>\n  </table>\n  </div>\n  <p class="muted">Money in USD. A unit price marked (estimate) is a planning estimate, not a quote. The same lines are in bom.csv, bom.md and bom.json.</p>\n</section>\n'
    yield '\n<footer>Generated by dcc '
    yield escape(environment.finalize((undefined(name='version') if l_0_version is missing else l_0_version)))
    yield ' from <code>'
    yield escape(environment.finalize(t_2(context.eval_ctx, (undefined(name='files') if l_0_files is missing else l_0_files), ', ')))
    yield "</code>. Every figure is computed from the design's inputs; docs/outputs.md describes each one.</footer>\n</body>\n</html>\n"

blocks = {}
debug_info = '6=59&7=61&55=63&56=65&57=71&60=73&61=76&63=80&64=83&70=87&71=91&73=93&74=97&81=111&82=117&86=120&88=124&89=128&90=130&91=132&92=137&94=140&95=147&99=154&104=158&105=161&112=167&118=170&119=174&120=178&127=187&132=190&135=196&139=206&142=212&144=222&145=224&146=229&152=235&153=237&154=239&155=243&156=245&157=250&160=256&168=259&169=263&173=273&181=279&183=285&185=295&187=298&190=309&192=312&194=314&200=343&201=348&202=353&206=356&207=360&208=366&209=368&216=373&219=376&223=379&224=383&225=391&230=401&231=405&232=409&233=412&235=419&241=428&249=431&250=435&251=445&252=453&261=468'
