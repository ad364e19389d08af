#!/usr/bin/env bash
# Monthly reports for the county, run from cron on the 1st of each month, e.g.
#   0 6 1 * *  cd /srv/ledger && examples/monthly-report.sh >> logs/monthly.log 2>&1
#
# 1. imports the roster and the ledgers (all or nothing; idempotent: an unchanged ledger writes nothing),
# 2. runs the checks as of the month's last day (written next to the reports; they do not stop them),
# 3. writes the month's report as Markdown and JSON, and the four micros as of the month's last day,
#    to dated files in $OUT.
# 4. writes the month's workbook (every report, one sheet each, with charts) and the same as one
#    printable HTML file: monthly-YYYY-MM.xlsx and monthly-YYYY-MM.html.
#
# Usage:   examples/monthly-report.sh [YYYY-MM]      (default: $REPORT_MONTH, else the previous month)
# Log lines (stderr) are in Chinese, each with the date and time, for the clerk who reads cron's mail.
# Exit codes (cron mails the output of a run that does not exit 0):
#   0  reports written, check found no errors (warnings are in check-YYYY-MM.json)
#   1  reports written, but check found errors: the ledger needs the clerk's attention
#      (the bundled example township has planted errors, so on examples/ the script exits 1)
#   2  bad input: a bad month, a missing folder or an import error (nothing imported, no report)
#   3  database problem (cannot open, newer schema, locked): no report
# Settings (environment):
#   REPORT_MONTH   the month to report (YYYY-MM); the first argument wins over it
#   ROSTER         roster folder(s)          (default: examples/roster)
#   LEDGERS        ledger folders, space-separated (default: examples/micros examples/consultations
#                  examples/procedures); empty for a roster only
#   OUT            output folder             (default: reports)
#   CHECK_ARGS     extra options for check, e.g. "--max-households 12"
#   VILLAGE_GOV    the command to run        (default: village-gov if installed, else $PYTHON -m village_gov)
#   PYTHON         the interpreter for the fallback (default: python3)
#   VILLAGE_GOV_DB the database               (default: data/village_gov.db)
set -euo pipefail

log() { printf '%s %s\n' "$(date '+%F %T')" "$*" >&2; }
fail() { log "$2"; exit "$1"; }

MONTH=${1:-${REPORT_MONTH:-${MONTH:-$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m)}}}
[[ "$MONTH" =~ ^[0-9]{4}-(0[1-9]|1[0-2])$ ]] || fail 2 "月份有误：'$MONTH'（应为 YYYY-MM）"
# The month's last day, with GNU date: the day before the 1st of the next month.
LAST_DAY=$(date -d "$MONTH-01 +1 month -1 day" +%F) || fail 2 "月份有误：'$MONTH'"

ROSTER=${ROSTER:-examples/roster}
LEDGERS=${LEDGERS-examples/micros examples/consultations examples/procedures}
OUT=${OUT:-reports}
read -r -a CHECK_EXTRA <<< "${CHECK_ARGS:-}"
read -r -a INPUTS <<< "$ROSTER $LEDGERS"

if [ -n "${VILLAGE_GOV:-}" ]; then
    read -r -a VG <<< "$VILLAGE_GOV"
elif command -v village-gov > /dev/null 2>&1; then
    VG=(village-gov)
else
    VG=("${PYTHON:-python3}" -m village_gov)
fi

for path in "${INPUTS[@]}"; do
    [ -e "$path" ] || fail 2 "找不到文件或文件夹：$path"
done
mkdir -p "$OUT" || fail 2 "无法创建输出文件夹：$OUT"

# Runs one step; a failure other than check findings ends the script with that step's exit code.
run() {
    local status=0
    "${VG[@]}" "$@" || status=$?
    if [ "$status" -ne 0 ]; then
        fail "$status" "'${VG[*]} $*' 失败（退出码 $status），已停止"
    fi
}

log "导入：${INPUTS[*]}"
run import "${INPUTS[@]}"

check_status=0
"${VG[@]}" check --as-of "$LAST_DAY" --format json "${CHECK_EXTRA[@]}" > "$OUT/check-$MONTH.json" \
    || check_status=$?
if [ "$check_status" -gt 1 ]; then
    fail "$check_status" "检查未能运行（退出码 $check_status）"
fi

run report monthly --month "$MONTH" --format markdown --output "$OUT/monthly-$MONTH.md"
run report monthly --month "$MONTH" --format json --output "$OUT/monthly-$MONTH.json"
run report micros --as-of "$LAST_DAY" --format markdown --output "$OUT/micros-$MONTH.md"
run export --month "$MONTH" --output "$OUT/monthly-$MONTH.xlsx"
run export --month "$MONTH" --output "$OUT/monthly-$MONTH.html"
log "已生成：$OUT/monthly-$MONTH.md、.json、.xlsx、.html，$OUT/micros-$MONTH.md 和 $OUT/check-$MONTH.json"

if [ "$check_status" -eq 1 ]; then
    log "截至 $LAST_DAY 检查发现错误，详见 $OUT/check-$MONTH.json"
fi
exit "$check_status"
