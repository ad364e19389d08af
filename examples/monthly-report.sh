#!/usr/bin/env bash
# Monthly report for the county, run from cron on the 1st of each month, e.g.
#   0 6 1 * *  cd /srv/ledger && examples/monthly-report.sh >> logs/monthly.log 2>&1
#
# 1. imports the roster and the consultation ledgers (all or nothing; idempotent),
# 2. runs the checks (findings are written next to the report, they do not stop it),
# 3. writes the previous month's report as Markdown and JSON to dated files,
# 4. writes the month's workbook (every report, one sheet each, with charts) and the same as one
#    printable HTML file: monthly-YYYY-MM.xlsx and monthly-YYYY-MM.html.
#
# Exit codes: 0 all done, no error findings · 1 report written, but `check` found errors ·
#             2 bad input (an import error: nothing imported, no report) · 3 database problem.
# Settings (environment): ROSTER, LEDGER, OUT, MONTH (default: the previous month),
#                         VILLAGE_GOV (the command), VILLAGE_GOV_DB (the database).
set -euo pipefail

ROSTER=${ROSTER:-examples/roster}
LEDGER=${LEDGER:-examples/consultations}
OUT=${OUT:-reports}
VG=${VILLAGE_GOV:-village-gov}
# The previous month, with GNU date: the day before the 1st of this month.
MONTH=${MONTH:-$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m)}

mkdir -p "$OUT"
log() { printf '%s %s\n' "$(date '+%F %T')" "$*" >&2; }

log "import $ROSTER $LEDGER"
status=0
$VG import "$ROSTER" "$LEDGER" || status=$?
if [ "$status" -ne 0 ]; then
    log "import failed (exit $status); no report written"
    exit "$status"
fi

check_status=0
$VG check --format json > "$OUT/check-$MONTH.json" || check_status=$?
if [ "$check_status" -gt 1 ]; then
    log "check failed (exit $check_status)"
    exit "$check_status"
fi

$VG report monthly --month "$MONTH" --format markdown --output "$OUT/monthly-$MONTH.md"
$VG report monthly --month "$MONTH" --format json --output "$OUT/monthly-$MONTH.json"
$VG export --month "$MONTH" --output "$OUT/monthly-$MONTH.xlsx"
$VG export --month "$MONTH" --output "$OUT/monthly-$MONTH.html"
log "wrote $OUT/monthly-$MONTH.md, .json, .xlsx and .html"

if [ "$check_status" -eq 1 ]; then
    log "check found errors: see $OUT/check-$MONTH.json"
fi
exit "$check_status"
