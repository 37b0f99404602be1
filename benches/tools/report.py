#!/usr/bin/env python3
"""The results table of scripts/bench.sh, as Markdown on stdout.

    report.py --out target/bench --criterion target/criterion
    report.py --count-lines DIR      (prints `files<TAB>lines<TAB>code_lines` of DIR/**/*.rs)

Reads target/bench/machine.txt, raw/{gen,loc,check,build,sections}.tsv and criterion's
new/{estimates,benchmark}.json. Sections whose data is missing are left out. Times are
medians with min-max; criterion figures use the median of its samples. Ratios are
specgen / peer for times (lower is better for specgen) and specgen / peer for throughput
and calls per second (higher is better for specgen).
"""

import argparse
import csv
import json
import statistics
import sys
from pathlib import Path

SPEC_ORDER = [
    "progenitor__nexus.json",
    "progenitor__api.github.com.json",
    "openapiv3__stripe.yaml",
    "hubspot-orders.yaml",
]
TOOLS = ["specgen", "progenitor", "openapi-generator", "openapi-to-rust", "ploidy"]
# The peers whose generation-time and check-time ratios are listed under "Ratios".
PEERS = TOOLS[1:]


def count_lines(directory: Path) -> str:
    files = lines = code = 0
    for path in sorted(directory.rglob("*.rs")):
        files += 1
        for line in path.read_text(errors="replace").splitlines():
            lines += 1
            stripped = line.strip()
            if stripped and not stripped.startswith("//"):
                code += 1
    return f"{files}\t{lines}\t{code}"


def read_tsv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def secs(value_ms: float) -> str:
    return f"{value_ms / 1000:.2f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}×" if b else "n/a"


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**missed**")


class Report:
    def __init__(self, out: Path, criterion: Path) -> None:
        self.out = out
        self.criterion = criterion
        self.raw = out / "raw"
        self.lines: list[str] = []
        self.targets: list[tuple[str, str, bool | None]] = []

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def header(self) -> None:
        self.emit("# Benchmark results", "")
        machine = self.out / "machine.txt"
        if machine.exists():
            for line in machine.read_text().splitlines():
                key, _, value = line.partition(": ")
                self.emit(f"- {key}: {value}")
        sections = read_tsv_noheader(self.raw / "sections.tsv")
        if sections:
            parts = [f"{name} {seconds} s (load after: {load})" for name, seconds, load in sections]
            self.emit(f"- section wall times: {'; '.join(parts)}")
        self.emit("")

    # 1 ------------------------------------------------------------------------------
    def generation(self) -> None:
        rows = read_tsv(self.raw / "gen.tsv")
        if not rows:
            return
        self.emit(
            "## 1. Generation time (whole process)",
            "",
            "Wall time from start to exit, median of the timed runs (after one warm-up), "
            "min–max; CPU = user + system; peak memory = largest resident set "
            "(median). Ratios are specgen / peer: below 1 means specgen is faster or smaller.",
            "",
            "| spec | tool | runs | wall median ms | min–max ms | CPU median ms | peak RSS MiB | "
            "specgen/tool time | specgen/tool memory |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        )
        by = {}
        for row in rows:
            by.setdefault((row["spec"], row["tool"]), []).append(row)
        specs = [s for s in SPEC_ORDER if any(k[0] == s for k in by)]
        specs += sorted({k[0] for k in by} - set(specs))
        summary = {}
        for spec in specs:
            for tool in TOOLS:
                runs = by.get((spec, tool), [])
                failed = [r for r in runs if r["exit"] != "0"]
                timed = [r for r in runs if r["run"] != "0" and r["exit"] == "0"]
                if failed:
                    first = failed[0]
                    code = first["exit"]
                    why = "panic" if code == "101" else ("timeout" if code == "124" else f"exit {code}")
                    reason = first["reason"].strip().replace("|", "\\|").replace("`", "'")[:160]
                    self.emit(f"| {spec} | {tool} | – | **failed** ({why}) | `{reason}` | – | – | – | – |")
                    summary[(spec, tool)] = None
                    continue
                if not timed:
                    continue
                wall = stats([float(r["wall_ms"]) for r in timed])
                cpu = statistics.median(float(r["cpu_ms"]) for r in timed)
                rss = statistics.median(float(r["maxrss_kib"]) for r in timed)
                summary[(spec, tool)] = (wall[0], rss)
                self.emit(
                    f"| {spec} | {tool} | {len(timed)} | {ms(wall[0])} | {ms(wall[1])}–{ms(wall[2])} "
                    f"| {ms(cpu)} | {mib(rss)} | {{ratio:{spec}:{tool}}} | {{mem:{spec}:{tool}}} |"
                )
        # Fill in the ratios now that specgen's figures are known.
        for index, line in enumerate(self.lines):
            if "{ratio:" not in line:
                continue
            start = line.index("{ratio:")
            spec, tool = line[start + 7 : line.index("}", start)].split(":")
            mine = summary.get((spec, "specgen"))
            theirs = summary.get((spec, tool))
            if tool == "specgen" or not mine or not theirs:
                time_r = mem_r = "–"
            else:
                time_r, mem_r = ratio(mine[0], theirs[0]), ratio(mine[1], theirs[1])
            line = line.replace(f"{{ratio:{spec}:{tool}}}", time_r)
            line = line.replace(f"{{mem:{spec}:{tool}}}", mem_r)
            self.lines[index] = line
        self.emit("")
        lines = []
        for tool in PEERS:
            parts = []
            for spec in specs:
                if (spec, tool) not in summary:
                    continue
                mine, theirs = summary.get((spec, "specgen")), summary[(spec, tool)]
                parts.append(f"{spec} {ratio(mine[0], theirs[0]) if mine and theirs else 'peer failed'}")
            if parts:
                lines.append(f"- specgen/{tool} generation time: {'; '.join(parts)}")
        if lines:
            self.emit(*lines, "")

        nexus = "progenitor__nexus.json"
        mine = summary.get((nexus, "specgen"))
        for tool, limit in (("progenitor", 0.25), ("openapi-generator", 0.02)):
            if (nexus, tool) not in summary:
                continue  # not in BENCH_TOOLS
            theirs = summary.get((nexus, tool))
            if mine and theirs:
                r = mine[0] / theirs[0]
                self.targets.append(
                    (f"generation, nexus.json: specgen/{tool} time ≤ {limit}", f"{r:.3f}×", r <= limit)
                )
            else:
                self.targets.append((f"generation, nexus.json: specgen/{tool} time ≤ {limit}", "peer failed", None))
        github = summary.get(("progenitor__api.github.com.json", "specgen"))
        if github:
            self.targets.append(
                ("generation, api.github.com.json: specgen < 1 s", f"{github[0]:.0f} ms", github[0] < 1000)
            )

    # 2 ------------------------------------------------------------------------------
    def generated_code(self) -> None:
        loc = {r["tool"]: r for r in read_tsv(self.raw / "loc.tsv")}
        checks = read_tsv(self.raw / "check.tsv")
        if not loc and not checks:
            return
        self.emit(
            "## 2. The generated crate for nexus.json",
            "",
            "Lines of generated Rust (`*.rs` under `src/`; code lines: neither blank nor a "
            "comment, so `///` doc lines are not code lines), and `cargo "
            "check` of the crate's own code: dependencies built beforehand, the crate cleaned "
            "(`cargo clean -p`) before each run, `CARGO_INCREMENTAL=0`. Ratios are specgen / tool.",
            "",
            "| tool | files | lines | code lines | check median s | min–max s | CPU median s | "
            "specgen/tool lines | specgen/tool code lines | specgen/tool check | specgen/tool check CPU |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        )
        check = {}
        check_cpu = {}
        failures = {}
        for tool in TOOLS:
            runs = [r for r in checks if r["tool"] == tool]
            bad = [r for r in runs if r["exit"] != "0"]
            if bad:
                failures[tool] = bad[0]["reason"]
            good = [float(r["wall_ms"]) for r in runs if r["exit"] == "0" and r["run"] != "0"]
            if good:
                check[tool] = stats(good)
                check_cpu[tool] = statistics.median(
                    float(r["cpu_ms"]) for r in runs if r["exit"] == "0" and r["run"] != "0"
                )
        mine_loc = loc.get("specgen")
        for tool in TOOLS:
            row = loc.get(tool)
            if not row:
                if tool in failures:
                    reason = failures[tool].replace("|", "\\|").replace("`", "'")[:160]
                    self.emit(f"| {tool} | – | – | – | **failed**: `{reason}` | | | – | – | – | – |")
                continue
            c = check.get(tool)
            check_cells = (
                f"{secs(c[0])} | {secs(c[1])}–{secs(c[2])} | {secs(check_cpu[tool])}"
                if c
                else f"**failed**: `{failures.get(tool, 'not run')[:120]}` | |"
            )
            if tool == "specgen" or not mine_loc:
                r_lines = r_code = r_check = r_cpu = "–"
            else:
                r_lines = ratio(float(mine_loc["lines"]), float(row["lines"]))
                r_code = ratio(float(mine_loc["code_lines"]), float(row["code_lines"]))
                both = c and "specgen" in check
                r_check = ratio(check["specgen"][0], c[0]) if both else "–"
                r_cpu = ratio(check_cpu["specgen"], check_cpu[tool]) if both else "–"
            self.emit(
                f"| {tool} | {row['files']} | {int(row['lines']):,} | {int(row['code_lines']):,} | "
                f"{check_cells} | {r_lines} | {r_code} | {r_check} | {r_cpu} |"
            )
        self.emit("")
        lines = []
        for tool in PEERS:
            if tool in check and "specgen" in check:
                lines.append(
                    f"- specgen/{tool} cargo check: {ratio(check['specgen'][0], check[tool][0])} "
                    f"(CPU {ratio(check_cpu['specgen'], check_cpu[tool])})"
                )
            elif tool in failures:
                lines.append(f"- specgen/{tool} cargo check: peer failed")
        if lines:
            self.emit(*lines, "")
        if "specgen" in check and "progenitor" in check:
            r = check["specgen"][0] / check["progenitor"][0]
            self.targets.append(("generated nexus crate: cargo check specgen/progenitor ≤ 0.7", f"{r:.3f}×", r <= 0.7))
        elif checks:
            self.targets.append(("generated nexus crate: cargo check specgen/progenitor ≤ 0.7", "not measured", None))

    # 3 ------------------------------------------------------------------------------
    def build_step(self) -> None:
        rows = read_tsv(self.raw / "build.tsv")
        if not rows:
            return
        self.emit(
            "## 3. Build-step overhead (clean `cargo build`, debug profile)",
            "",
            "A new target directory for every build, dependencies downloaded beforehand. "
            "The crates are described in `benches/build-step/README.md`.",
            "",
            "| crate | runs | clean build median s | min–max s | CPU median s |",
            "| --- | ---: | ---: | ---: | ---: |",
        )
        med = {}
        cpu_med = {}
        for variant in ["specgen-build-rs", "specgen-committed", "progenitor-build-rs", "progenitor-committed"]:
            runs = [r for r in rows if r["variant"] == variant]
            bad = [r for r in runs if r["exit"] != "0"]
            good = [r for r in runs if r["exit"] == "0"]
            if bad:
                self.emit(f"| {variant} | – | **failed** | `{bad[0]['reason'][:160]}` | |")
                continue
            if not good:
                continue
            wall = stats([float(r["wall_ms"]) for r in good])
            cpu = statistics.median(float(r["cpu_ms"]) for r in good)
            med[variant] = wall[0]
            cpu_med[variant] = cpu
            self.emit(f"| {variant} | {len(good)} | {secs(wall[0])} | {secs(wall[1])}–{secs(wall[2])} | {secs(cpu)} |")
        self.emit("")
        derived = []
        if "specgen-build-rs" in med and "specgen-committed" in med:
            a, b = med["specgen-build-rs"], med["specgen-committed"]
            derived.append(
                f"- specgen as a build-dependency: {secs(a)} s vs {secs(b)} s committed: "
                f"ratio {ratio(a, b)}, +{secs(a - b)} s per clean build"
            )
        if "progenitor-build-rs" in med and "progenitor-committed" in med:
            a, b = med["progenitor-build-rs"], med["progenitor-committed"]
            derived.append(
                f"- progenitor as a build-dependency: {secs(a)} s vs {secs(b)} s committed: "
                f"ratio {ratio(a, b)}, +{secs(a - b)} s per clean build"
            )
        if "specgen-build-rs" in med and "progenitor-build-rs" in med:
            a, b = med["specgen-build-rs"], med["progenitor-build-rs"]
            derived.append(f"- specgen-build-rs / progenitor-build-rs: {ratio(a, b)} ({secs(a)} s vs {secs(b)} s)")
        if all(k in med for k in ["specgen-build-rs", "specgen-committed", "progenitor-build-rs", "progenitor-committed"]):
            mine = med["specgen-build-rs"] - med["specgen-committed"]
            theirs = med["progenitor-build-rs"] - med["progenitor-committed"]
            derived.append(
                f"- build-step cost, specgen / progenitor: {ratio(mine, theirs)} "
                f"(+{secs(mine)} s vs +{secs(theirs)} s)"
            )
            mine = cpu_med["specgen-build-rs"] - cpu_med["specgen-committed"]
            theirs = cpu_med["progenitor-build-rs"] - cpu_med["progenitor-committed"]
            derived.append(
                f"- the same in CPU time (not inflated by other load on the machine): specgen "
                f"+{secs(mine)} s, progenitor +{secs(theirs)} s, specgen / progenitor {ratio(mine, theirs)}; "
                f"specgen-build-rs / specgen-committed {ratio(cpu_med['specgen-build-rs'], cpu_med['specgen-committed'])}, "
                f"specgen-build-rs / progenitor-build-rs {ratio(cpu_med['specgen-build-rs'], cpu_med['progenitor-build-rs'])}"
            )
        if derived:
            self.emit(*derived, "")

    # 4, 5 ---------------------------------------------------------------------------
    def estimate(self, group: str, function: str) -> tuple[float, dict] | None:
        base = self.criterion / group / function / "new"
        try:
            estimates = json.loads((base / "estimates.json").read_text())
            bench = json.loads((base / "benchmark.json").read_text())
        except (OSError, ValueError):
            return None
        return estimates["median"]["point_estimate"], bench.get("throughput") or {}

    def serde(self) -> None:
        groups = [
            ("decode_response", "decode", "response (100 results × 20 properties)"),
            ("decode_request", "decode", "request (100 inputs × 20 properties)"),
            ("encode_response", "encode", "response"),
            ("encode_request", "encode", "request"),
        ]
        rows = []
        for group, direction, body in groups:
            found = {f: self.estimate(group, f) for f in ["generated", "hand_written", "value", "generated_path_to_error"]}
            if not found["generated"]:
                continue
            rows.append((group, direction, body, found))
        if not rows:
            return
        size = rows[0][3]["generated"][1].get("Bytes", 0)
        self.emit(
            "## 4. Decode and encode throughput (criterion, in-process)",
            "",
            "`serde_json::from_slice` / `serde_json::to_vec` of the JSON body "
            f"({size:,} bytes for the response); MiB/s of JSON text from criterion's median "
            "time per iteration. Ratios are generated throughput / other throughput: above 1 "
            "means the generated types are faster.",
            "",
            "| body | op | generated MiB/s | hand-written MiB/s | serde_json::Value MiB/s | "
            "generated/hand-written | generated/Value |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        )

        def rate(entry):
            ns, throughput = entry
            return throughput.get("Bytes", 0) / (ns / 1e9) / (1024 * 1024)

        for group, direction, body, found in rows:
            g, h, v = (rate(found[k]) if found[k] else None for k in ["generated", "hand_written", "value"])
            self.emit(
                f"| {body} | {direction} | {g:,.0f} | {h:,.0f} | {v:,.0f} | {g / h:.3f}× | {g / v:.3f}× |"
            )
            if direction == "decode":
                label = group.split("_")[1]
                self.targets.append((f"decode {label}: generated/hand-written ≥ 0.95", f"{g / h:.3f}×", g / h >= 0.95))
                self.targets.append((f"decode {label}: generated/Value ≥ 2", f"{g / v:.3f}×", g / v >= 2))
            if found.get("generated_path_to_error"):
                p = rate(found["generated_path_to_error"])
                self.emit(
                    f"| {body}, via `serde_path_to_error` (as the client decodes) | {direction} | "
                    f"{p:,.0f} | | | {p / h:.3f}× | {p / v:.3f}× |"
                )
        self.emit("")

    def client(self) -> None:
        path = self.raw / "client.json"
        if not path.exists():
            return
        data = json.loads(path.read_text())
        rows = []
        for group, label in [("client_batch_100", "100 inputs / 100 results"), ("client_batch_1", "1 input / 1 result")]:
            entry = data.get(group)
            if not entry:
                continue
            mine, plain = entry["specgen_ns_per_call"], entry["reqwest_ns_per_call"]
            ratios = [p / m for m, p in zip(mine, plain)]
            mine_cpu = statistics.median(entry.get("specgen_cpu_ns_per_call") or [0])
            plain_cpu = statistics.median(entry.get("reqwest_cpu_ns_per_call") or [0])
            rows.append((label, entry, 1e9 / statistics.median(mine), 1e9 / statistics.median(plain),
                         statistics.median(ratios), min(ratios), max(ratios), mine_cpu, plain_cpu))
        if not rows:
            return
        self.emit(
            "## 5. Client overhead: `batch_update` against a local HTTP server",
            "",
            "Calls per second, one connection kept alive, the server on 127.0.0.1 in the bench "
            "process (its own threads). The two clients run in alternating rounds of the same "
            "number of calls; calls/s is 1 / the median time per call over the rounds, and the "
            "ratio specgen / plain reqwest is the median of the per-round ratios (min–max "
            "beside it). Both decode into the generated types. Client CPU is the calling "
            "thread's CPU time per call (median over rounds), which waiting for a core does "
            "not inflate.",
            "",
            "| payload | rounds × calls | specgen calls/s | reqwest + serde_json calls/s | specgen/reqwest "
            "| per-round min–max | client CPU µs/call specgen | reqwest | CPU reqwest/specgen |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        )
        for label, entry, mine, plain, r, lo, hi, mine_cpu, plain_cpu in rows:
            cpu_ratio = f"{plain_cpu / mine_cpu:.3f}×" if mine_cpu else "n/a"
            self.emit(
                f"| {label} | {len(entry['specgen_ns_per_call'])} × {entry['calls_per_round']} | "
                f"{mine:,.0f} | {plain:,.0f} | {r:.3f}× | {lo:.2f}–{hi:.2f} | "
                f"{mine_cpu / 1e3:.1f} | {plain_cpu / 1e3:.1f} | {cpu_ratio} |"
            )
            self.targets.append((f"client, {label}: specgen/reqwest calls/s ≥ 0.9", f"{r:.3f}×", r >= 0.9))
        self.emit("")

    def target_table(self) -> None:
        if not self.targets:
            return
        self.emit("## Targets", "", "| target | measured | |", "| --- | ---: | --- |")
        for name, measured, ok in self.targets:
            self.emit(f"| {name} | {measured} | {verdict(ok)} |")
        self.emit("")

    def render(self, sections: set[str]) -> str:
        self.header()
        for name, section in [
            ("gen", self.generation),
            ("check", self.generated_code),
            ("build", self.build_step),
            ("serde", self.serde),
            ("client", self.client),
        ]:
            if name in sections:
                section()
        self.target_table()
        return "\n".join(self.lines)


def read_tsv_noheader(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text().splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count-lines", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--criterion", type=Path)
    parser.add_argument("--sections", default="gen,check,build,serde,client")
    args = parser.parse_args()
    if args.count_lines:
        print(count_lines(args.count_lines))
        return 0
    if not args.out or not args.criterion:
        parser.error("--out and --criterion are needed")
    print(Report(args.out, args.criterion).render(set(args.sections.split(","))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
