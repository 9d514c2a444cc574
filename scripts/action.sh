#!/usr/bin/env bash
# The logic of the dcdsl GitHub Action (action.yml), runnable anywhere: tests run it locally.
#
# Reads (environment; the action sets them from its inputs):
#   DCC_DESIGNS   designs to check, a shell glob or paths separated by spaces (default designs/*.dc)
#   DCC_BASE      git revision to diff against (empty: no diff), e.g. origin/main
#   DCC_FAIL_ON   thresholds for `dcc diff --fail-on`, separated by spaces (e.g. "capex+5% racks+0")
#   DCC_STRICT    "true": warnings fail the check too
#   DCC_FORMAT_CHECK  "true" (default): `dcc fmt --check` the designs as well
#   DCC_OUT       folder for dcc.sarif and diff.md (default .dcc)
#   DCC           the dcc command (default: dcc on PATH)
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY  as set by the Actions runner (optional elsewhere)
# Writes $DCC_OUT/dcc.sarif (every finding), $DCC_OUT/diff.md (when DCC_BASE is set) and prints
# the GitHub annotations (errors first) on standard output. Outputs: sarif, diff, status.
# Exit status: the worst of the steps (0 clean, 1 design errors / threshold / formatting,
# 2 usage or I/O errors), so the calling step fails exactly when a reviewer must look.
set -uo pipefail

designs_spec="${DCC_DESIGNS:-designs/*.dc}"
out="${DCC_OUT:-.dcc}"
dcc="${DCC:-dcc}"
strict=()
[ "${DCC_STRICT:-false}" = "true" ] && strict=(--strict)

# shellcheck disable=SC2206  # the glob is meant to expand here
designs=($designs_spec)
existing=()
for design in "${designs[@]}"; do
  [ -f "$design" ] && existing+=("$design")
done
if [ "${#existing[@]}" -eq 0 ]; then
  echo "::error title=dcc: no designs::no .dc file matches '$designs_spec' (set the action's 'designs' input)"
  exit 2
fi

mkdir -p "$out" || exit 2
status=0
worst() { if [ "$1" -gt "$status" ]; then status=$1; fi; }

# 1. Layout: the formatter's check (exit 1 when a file would change, with the diff in the log).
if [ "${DCC_FORMAT_CHECK:-true}" = "true" ]; then
  echo "::group::dcc fmt --check"
  "$dcc" fmt --check --diff "${existing[@]}"
  worst $?
  echo "::endgroup::"
fi

# 2. Findings: SARIF for code scanning (every finding), then annotations (errors first).
"$dcc" check "${existing[@]}" "${strict[@]}" --format sarif > "$out/dcc.sarif"
sarif_status=$?
[ "$sarif_status" -ge 2 ] && worst "$sarif_status"
"$dcc" check "${existing[@]}" "${strict[@]}" --format github
worst $?

# 3. What the change does: one markdown section per design against the base revision.
if [ -n "${DCC_BASE:-}" ]; then
  fail_on=()
  for threshold in ${DCC_FAIL_ON:-}; do fail_on+=(--fail-on "$threshold"); done
  : > "$out/diff.md"
  for design in "${existing[@]}"; do
    "$dcc" diff --base "$DCC_BASE" "$design" "${fail_on[@]}" >> "$out/diff.md"
    worst $?
    echo >> "$out/diff.md"
  done
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    head -c 60000 "$out/diff.md" >> "$GITHUB_STEP_SUMMARY"
  fi
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "sarif=$out/dcc.sarif"
    if [ -n "${DCC_BASE:-}" ]; then echo "diff=$out/diff.md"; else echo "diff="; fi
    echo "status=$status"
  } >> "$GITHUB_OUTPUT"
fi
exit "$status"
