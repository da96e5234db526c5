#!/usr/bin/env python3
"""The browser bundle's weight, file by file and page by page (scripts/bundle-report.sh).

Reads the release site that `cargo leptos build --release --split` wrote (target/site/pkg)
and the linked WASM before splitting and wasm-opt (target/front/.../climbingpill.wasm,
which still has its symbol names), and prints:
- every file of the bundle: raw, gzip -9 and brotli -q 11 bytes;
- what each page fetches before it hydrates (the first file, its JS, and the page's own
  route chunks, as the split manifest lists them), in brotli bytes;
- the 20 biggest contributors to the WASM code, by crate (our own crate by module), and
  the 20 biggest functions.
With --check it fails when a file or a page is over its budget (BUDGETS below), or when the
browser code links a module that must stay on the server (SERVER_ONLY below).
"""
import collections
import glob
import gzip
import json
import os
import re
import subprocess
import sys

# Budgets in brotli bytes (brotli -q 11 of the files as built; deterministic for a given
# source), set from the measurement of issue 16 with content-hashed names (7 December 2026,
# 15 lazy routes and 8 deferred parts in 6 split groups, `lazy_page!` in src/ui/app.rs and
# `ui::components::deferred`; `always-erase-components`; server answers and hydration data
# read as postcard (`api::codec::Compact`); every resource one type-erased Resource, every
# Transition one Transition and every deferred part one body underneath (`ui::data`,
# `ui::components::deferred`); the operators' dashboard drawn by the server; no serde_qs in the
# browser) and about 3 % headroom: first files 209,983, biggest group file 83,548
# (chat_pages), heaviest page 364,008 (/programs and /timer in 35 files; /journal 352,127,
# /assessment 351,633, /chat 349,333, /progress and /profile 349,147, /team 344,341; /,
# /login and /signup are the first files alone). Before the deferred parts and the
# server-drawn dashboard: /programs 406,236, /team 381,761, /journal 337,379, /assessment
# 338,109. With a Resource and a Transition per use: /programs 424,193, /team 415,624, /chat
# 355,831. With serde_json's readers (JsonText answers): /team 458,680, /assessment group
# 396,070. With serde_qs (ActionForm and the URL-encoded inputs): first files 229,207, /chat
# 376,780. Before erase_components and JsonText: first files 236,159, /team 594,158, /chat
# 434,797. With a group per route (14) the first files were 298,052 and /chat 593,873 in 197
# files; with 7 groups (the timer apart) /timer was 324,822 and /programs 342,898 but /chat
# fetched 54 files and hydrated 0.6 s later (3.46 s): each group adds chunks to every page
# sharing code with it (one chunk per set of groups using a function) and exports to the first
# file. A deferred part's code goes to a group that has room (or holds it already), not a
# group of its own, for the same reason. A change that crosses one should say why in its
# commit, and move the budget there.
BUDGETS = {
    # climbingpill.wasm + climbingpill.js + the split loader: what every page fetches, and
    # all that the signed-out pages (/, /login, /signup) fetch.
    "initial": 216_000,
    # any one group file (split_*.wasm) or shared chunk (chunk_*.wasm).
    "route_file": 87_000,
    # a page's whole first load of code: the first files + the page's group's files
    # (/programs and /timer 364,008, 7 December).
    "page": 375_000,
}

# Modules whose code must never reach the browser: the free-text readers the server runs
# (the offline coach's intent reader, onboarding's lenient reader, assessment and
# onboarding validation), the journal CSV reader, and the server itself.
# A function counts when its own path (or its `impl` type's) starts with one of these;
# serde's derived code for a type that crosses the wire (`module::_::`) does not.
SERVER_ONLY = [
    "climbingpill::domain::intent::",
    "climbingpill::domain::onboarding::lenient::",
    "climbingpill::domain::assessment::validate::",
    "climbingpill::domain::onboarding::validate::validate",
    "climbingpill::domain::onboarding::validate::to_draft",
    "climbingpill::domain::onboarding::validate::answer_in_chat",
    "climbingpill::domain::journal_csv::parse_csv",
    "climbingpill::domain::journal_csv::read_records",
    "climbingpill::domain::common_passwords::",
    # Forms and server-function inputs are read on the server (api::codec::JsonOrForm); the
    # browser sends JSON. serde_qs in the bundle was ~20 KB of every page's first file.
    "serde_qs::",
]

# The app's pages and the split group (`lazy_page!(Route, fn, group, ...)` in src/ui/app.rs,
# the split manifest's key) whose file each one loads; None = in the first file.
PAGES = [
    ("/", None),
    ("/login", None),
    ("/signup", None),
    ("/chat", "chat_pages"),
    ("/journal", "journal_pages"),
    ("/journal/:id", "journal_pages"),
    ("/journal/import", "journal_pages"),
    ("/assessment", "assessment_pages"),
    ("/assessment/result", "assessment_pages"),
    ("/onboarding", "assessment_pages"),
    ("/profile", "progress_pages"),
    ("/programs", "training_pages"),
    ("/timer", "training_pages"),
    ("/progress", "progress_pages"),
    ("/team", "team_pages"),
    ("/admin", "team_pages"),
]


def sizes(path):
    data = open(path, "rb").read()
    br = subprocess.run(["brotli", "-q", "11", "-c", path], check=True, capture_output=True).stdout
    return len(data), len(gzip.compress(data, 9, mtime=0)), len(br)


# --- the WASM module's code, by symbol -------------------------------------------------


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def functions(path):
    """(code bytes, symbol) of every defined function of a WASM module with a name section."""
    b = open(path, "rb").read()
    i, imported, bodies, names = 8, 0, [], {}
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        start, end = i, i + n
        if sid == 2:  # imports: function imports shift the indices of defined functions
            count, j = leb(b, start)
            for _ in range(count):
                for _ in range(2):
                    length, j = leb(b, j)
                    j += length
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imported += 1
                elif kind in (1, 2):  # table (elem type first) or memory: limits
                    if kind == 1:
                        j += 1
                    flags, j = leb(b, j)
                    _, j = leb(b, j)
                    if flags & 1:
                        _, j = leb(b, j)
                else:  # global or tag
                    j += 2
        elif sid == 10:  # code
            count, j = leb(b, start)
            for _ in range(count):
                length, k = leb(b, j)
                bodies.append(k - j + length)
                j = k + length
        elif sid == 0:  # custom: the "name" section
            length, j = leb(b, start)
            if b[j : j + length] == b"name":
                j += length
                while j < end:
                    sub = b[j]
                    size, j = leb(b, j + 1)
                    if sub == 1:
                        count, k = leb(b, j)
                        for _ in range(count):
                            idx, k = leb(b, k)
                            length, k = leb(b, k)
                            names[idx] = b[k : k + length].decode("utf-8", "replace")
                            k += length
                    j += size
        i = end
    return [(size, demangle(names.get(imported + k, "?"))) for k, size in enumerate(bodies)]


def data_section(path):
    """Bytes of a WASM module's data section (section id 11)."""
    b = open(path, "rb").read()
    i = 8
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        if sid == 11:
            return n
        i += n
    return 0


def demangle(name):
    """Rust's legacy mangling (`_ZN...E`) to a path; other names as they are."""
    m = re.match(r"_ZN(.*)E$", name)
    if not m:
        return name
    s, parts, i = m.group(1), [], 0
    while i < len(s):
        j = i
        while j < len(s) and s[j].isdigit():
            j += 1
        if j == i:
            break
        parts.append(s[j : j + int(s[i:j])])
        i = j + int(s[i:j])
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    text = "::".join(parts)
    for a, b in [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$C$", ","), ("$RF$", "&"),
                 ("$BP$", "*"), ("$LP$", "("), ("$RP$", ")"), ("$u7b$", "{"), ("$u7d$", "}"),
                 ("..", "::")]:
        text = text.replace(a, b)
    return text


def owner(symbol):
    """The crate a function's code belongs to; our own crate by module (3 levels)."""
    v0 = re.match(r"_R.*?C(?:s[0-9A-Za-z]*_)?(\d+)", symbol)  # v0 mangling (std's code)
    if v0:
        start = v0.end()
        return symbol[start : start + int(v0.group(1))]
    s = symbol.lstrip("_<&* ")
    s = re.sub(r"^(mut |const |dyn )+", "", s)
    # `<T as tachys::view::Render>::build`: generic code belongs to the trait's crate
    m = re.match(r"^[A-Z(\[][^ ]* as (.*)", s)
    if m:
        s = m.group(1)
    parts = re.split(r"::", s)
    if parts[0] == "climbingpill":
        return "::".join(parts[:3])
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", parts[0])
    return m.group(0) if m else parts[0][:30]


# --- the report ------------------------------------------------------------------------


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check = "--check" in sys.argv
    pkg = args[0] if args else "target/site/pkg"
    linked = args[1] if len(args) > 1 else "target/front/wasm32-unknown-unknown/wasm-release/climbingpill.wasm"
    failures = []

    files = sorted(
        f for f in os.listdir(pkg)
        if re.search(r"\.(wasm|js|css)$", f) and os.path.isfile(os.path.join(pkg, f))
    )
    if not any(f.endswith(".wasm") for f in files):
        sys.exit(f"no .wasm in {pkg}: build the release site first (scripts/bundle-report.sh --build)")
    size = {f: sizes(os.path.join(pkg, f)) for f in files}

    def is_main(f, ext):
        return re.fullmatch(rf"climbingpill(\.[0-9A-Za-z_-]+)?\.{ext}", f) is not None

    initial = [f for f in files if is_main(f, "wasm") or is_main(f, "js") or f.startswith("__wasm_split.")]
    route_files = [f for f in files if re.match(r"(split|chunk)_.*\.wasm$", f)]
    manifests = glob.glob(os.path.join(pkg, "__wasm_split_manifest*.json"))
    manifest = json.load(open(manifests[0])) if manifests else {}

    print(f"Bundle files in {pkg} (bytes):")
    print(f"{'file':<60} {'raw':>10} {'gzip':>10} {'brotli':>10}")
    for f in sorted(files, key=lambda f: -size[f][0]):
        raw, gz, br = size[f]
        print(f"{f:<60} {raw:>10} {gz:>10} {br:>10}")
    totals = [sum(size[f][k] for f in files if f.endswith(".wasm")) for k in range(3)]
    print(f"{'all .wasm together':<60} {totals[0]:>10} {totals[1]:>10} {totals[2]:>10}")

    initial_br = sum(size[f][2] for f in initial)
    # Static data (strings, tables) of every split module is placed by wasm-split by data
    # symbol; a symbol it can't attribute to one group stays in the first file with what it
    # overlaps. Once (an externally tagged serde enum in the chat, December 2026) that moved
    # 150 KB of every page's text into the first file: printed here, caught by "initial".
    for f in initial:
        if f.endswith(".wasm"):
            print(f"first file's data section: {data_section(os.path.join(pkg, f))} bytes raw")
    css_br = sum(size[f][2] for f in files if is_main(f, "css"))
    print(f"\nFirst load of code per page (brotli bytes; the stylesheet, "
          f"{css_br} B, comes on top; each file is a request of its own):")
    print(f"{'page':<22} {'bytes':>9} {'files':>6}  files")
    for path, route in PAGES:
        own = []
        if route:
            # the split's key is the group's (the wasm_split module's) name
            keys = [k for k in manifest if k == route]
            for k in keys:
                for name in manifest[k]:
                    own += [f for f in route_files if f == name + ".wasm" or f.startswith(name + ".")]
            if not keys and manifest:
                failures.append(f"{path}: no split group {route} in the manifest")
        page = initial_br + sum(size[f][2] for f in own)
        print(f"{path:<22} {page:>9} {len(initial) + len(own):>6}  first file + {', '.join(own) or 'nothing more'}")
        if check and page > BUDGETS["page"]:
            failures.append(f"{path}: {page} brotli bytes of code, budget {BUDGETS['page']}")

    if check:
        if initial_br > BUDGETS["initial"]:
            failures.append(f"initial files {initial}: {initial_br} brotli bytes, budget {BUDGETS['initial']}")
        for f in route_files:
            if size[f][2] > BUDGETS["route_file"]:
                failures.append(f"{f}: {size[f][2]} brotli bytes, budget {BUDGETS['route_file']}")
        if not route_files:
            failures.append("no route chunks: the site was not built with --split")

    if os.path.exists(linked):
        fns = functions(linked)
        code = sum(s for s, _ in fns)
        groups = collections.Counter()
        for s, n in fns:
            groups[owner(n)] += s
        print(f"\nTop 20 contributors to the WASM code before splitting and wasm-opt "
              f"({linked}: {code} bytes of code):")
        for g, s in groups.most_common(20):
            print(f"{s:>10}  {100 * s / code:5.1f} %  {g}")
        print("\nTop 20 functions:")
        for s, n in sorted(fns, reverse=True)[:20]:
            print(f"{s:>10}  {n[:140]}")
        if check:
            for module in SERVER_ONLY:
                found = [
                    n for _, n in fns
                    if (n.startswith(module) or n.startswith("_<" + module)) and "::_::" not in n
                ]
                if found:
                    failures.append(f"{module} is in the browser bundle ({len(found)} functions, e.g. {found[0][:120]})")
    elif check:
        failures.append(f"{linked} is missing: cannot check what the browser links")

    if failures:
        print("\nBUNDLE BUDGET FAILED:")
        for f in failures:
            print(f"  - {f}")
        sys.exit(1)
    if check:
        print(f"\nbundle budget ok: initial {initial_br} <= {BUDGETS['initial']}, every route file "
              f"<= {BUDGETS['route_file']}, every page <= {BUDGETS['page']} brotli bytes; "
              f"no server-only module in the browser")


if __name__ == "__main__":
    main()
