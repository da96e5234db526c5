#!/usr/bin/env bash
# Lighthouse (npm, 12.x) accessibility and best-practices scores of every page, in Debian's
# Chromium, against a running ClimbingPill (default http://127.0.0.1:3000): the public pages
# signed out, then every app page as a climber with data (signed up here through the app's
# endpoints: onboarding, a journal of 25 entries, a conversation), the session cookie passed
# with --extra-headers. Not part of the test command: the scores go in release notes; the
# target is accessibility >= 95 on every page. Installability is checked in the Playwright
# suite with Chromium's own check (Lighthouse 12 dropped its PWA category).
# Usage: scripts/lighthouse.sh [BASE_URL]. Exits 1 when a page scores under 95.
set -euo pipefail
base=${1:-http://127.0.0.1:3000}
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
(cd "$tools" && npm init -y >/dev/null && npm install --no-audit --no-fund lighthouse@12.2.3 >/dev/null)

# ---- a climber with data, through the server-function endpoints ----
jar="$tools/cookies.txt"
email="lighthouse-$(date +%s)-$RANDOM@example.com"
post_form() { curl -fsS -b "$jar" -c "$jar" -X POST "$base/api/$1" --data "$2"; }
post_json() { curl -fsS -b "$jar" -c "$jar" -X POST "$base/api/$1" -H 'content-type: application/json' --data "$2"; }
post_form signup "email=$email&password=overhang+on+a+rainy+tuesday" >/dev/null
cookie=$(awk '$6 ~ /cp_session$/ {print $6 "=" $7}' "$jar")
[ -n "$cookie" ] || { echo "sign-up gave no session cookie" >&2; exit 1; }

tests='{"bodyweight_kg":"70","max_hang_added_kg":"","max_hang_seconds":"","pull_kind":"max_reps","pull_value":"8","endurance_kind":"","endurance_value":"","power_kind":"","power_value":"","core_kind":"","core_value":"","leg_span_cm":""}'
answers="{\"goal\":\"7a+ boulder\",\"goal_grade\":\"\",\"target_date\":\"\",\"hardest_boulder\":\"6c+\",\"hardest_route\":\"\",\"years_climbing\":\"3\",\"confidence\":\"\",\"tests\":$tests,\"days_per_week\":\"3\",\"session_length\":\"90 min\",\"equipment\":[\"hangboard\"],\"injuries\":\"\"}"
for step in goal level check schedule equipment; do
  post_json onboarding/save "{\"step\":\"$step\",\"answers\":$answers,\"direction\":\"next\"}" >/dev/null
done

csv=$(node -e '
  const rows = ["date,kind,location,duration_min,rpe,energy,sleep,mood,climbs,pain,notes,tags"];
  const kinds = ["bouldering", "sport", "board", "hangboard", "strength"];
  const climbs = { bouldering: "V4 redpoint x2; V5 flash", sport: "7a redpoint; 6c onsight", board: "6B+ redpoint", hangboard: "", strength: "" };
  for (let i = 0; i < 25; i++) {
    const d = new Date(Date.now() - i * 86400000).toISOString().slice(0, 10);
    const k = kinds[i % kinds.length];
    rows.push([d, k, "The Arch", 60 + (i % 4) * 15, 5 + (i % 4), 3, 4, 3, climbs[k], i % 6 === 2 ? "left ring finger: sore" : "", `session ${i + 1}`, "lighthouse"].join(","));
  }
  process.stdout.write(JSON.stringify({ csv: rows.join("\n"), mode: "all" }));
')
post_json journal/import "$csv" >/dev/null
entry=$(post_json journal/list '{"query":{"from":"","to":"","kind":"","text":"","page":1}}' \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).entries[0].id))')
thread=$(post_form chat/new "" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
post_form chat/turn "thread_id=$thread&text=How+should+I+train+crimps%3F" >/dev/null

# ---- the scores ----
low=0
score() { # path [extra lighthouse args...]
  local path=$1
  shift
  "$tools/node_modules/.bin/lighthouse" "$base$path" --quiet --output=json --output-path="$tools/report.json" \
    --only-categories=accessibility,best-practices --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox" "$@" >/dev/null
  local line
  line=$(node -e '
    const r = require(process.argv[1]);
    const c = r.categories;
    const a = Math.round(c.accessibility.score * 100);
    const failed = Object.values(r.audits)
      .filter((x) => x.score === 0 && c.accessibility.auditRefs.some((ref) => ref.id === x.id && ref.weight > 0))
      .map((x) => x.id);
    // A signed-in page that ended on the login page was not scored: say so and count it low.
    const landed = new URL(r.finalDisplayedUrl).pathname;
    const score = landed === "/login" && process.argv[2] !== "/login" ? 0 : a;
    const where = landed === new URL(process.argv[2], "http://x").pathname ? "" : ` (ended on ${landed})`;
    console.log(`${score} ${process.argv[2]}: accessibility ${a}, best practices ${Math.round(c["best-practices"].score * 100)}${where}${failed.length ? ` (failing: ${failed.join(", ")})` : ""}`);
  ' "$tools/report.json" "$path")
  echo "${line#* }"
  [ "${line%% *}" -ge 95 ] || low=1
}
for path in / /login /signup; do
  score "$path"
done
headers="{\"Cookie\":\"$cookie\"}"
for path in /onboarding /chat "/chat/$thread" /journal "/journal/$entry" /assessment /assessment/result \
  /programs /timer "/timer?label=Repeaters&prepare=5&work=7&rest=3&reps=6&sets=3&set_rest=180" /progress /profile; do
  score "$path" --extra-headers="$headers"
done
exit $low
