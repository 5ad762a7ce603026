"""``make bench``: time tone on synthetic exports, print a table and write ``docs/bench.md``.

Every figure comes from fresh processes, timed from outside, as a user would run them:

* scoring throughput: ``tone score --input messages_N.txt --format jsonl`` (start-up included);
* ``tone analyze`` wall time on the WhatsApp and Telegram exports (parse, score, all outputs);
* peak memory of each run: the most the whole process tree (tone and its scoring workers)
  held at once, sampled from /proc every 20 ms, next to the main process's own peak;
* cold ``tone score "x"`` against a bare ``python -c "import spacy, sklearn"``, interleaved,
  median of several fresh processes;
* whatstk parsing the same 100k-message WhatsApp file, when whatstk is installed.

    python bench/run.py                      # everything (10k, 100k, 1M)
    python bench/run.py --sizes 10000,100000 --no-doc
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from generate import OUT, ROOT, SIZES, export_paths, generate

DOC = ROOT / "docs" / "bench.md"
SHIPPED_MODEL = ROOT / "models" / "default"
TONE = Path(sys.executable).with_name("tone")
COLD_RUNS = 7
WHATSTK_PARSE = (
    "import sys, time; from whatstk import WhatsAppChat; t = time.perf_counter(); "
    "chat = WhatsAppChat.from_source(sys.argv[1]); "
    "print(time.perf_counter() - t, len(chat.df))"
)
#: the issue's targets: (what, limit, how a row is judged).
TARGETS = {
    "whatstk": "tone analyze of 100k WhatsApp messages / whatstk parse of the same file <= 1.0",
    "throughput": "scoring throughput >= 30,000 messages/s on 2 cores",
    "memory": "analyze of a 1M-message export: peak memory <= 400 MB",
    "cold": 'cold tone score "x" <= 1.3x bare import of spacy + sklearn',
}


@dataclass
class Run:
    """One timed process: wall and CPU seconds, peak memory of its tree and of itself (MB)."""

    wall: float
    cpu: float
    rss_mb: float
    pss_mb: float
    self_mb: float
    status: int
    stdout: str
    stderr: str


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (via /proc/PID/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(child) for child in task.read_text().split()]
    return found


def _memory_mb(pid: int) -> tuple[float, float]:
    """RSS and PSS of one process; PSS splits pages shared with others (libraries) fairly."""
    rss = pss = 0.0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    return rss, pss


def measure(command: list[str], env: dict[str, str] | None = None, stdout: int | None = None) -> Run:
    """Run ``command`` once; time it and sample the memory of its process tree every 50 ms."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout or out, stderr=err, env=env)
        rss_peak = pss_peak = 0.0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            sizes = [_memory_mb(p) for p in _tree(process.pid)]
            rss_peak = max(rss_peak, sum(rss for rss, _ in sizes))
            pss_peak = max(pss_peak, sum(pss for _, pss in sizes))
            time.sleep(0.05)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        self_mb = usage.ru_maxrss / 1024
        return Run(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            rss_mb=max(rss_peak, self_mb),
            pss_mb=pss_peak or self_mb,
            self_mb=self_mb,
            status=process.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def model_dir() -> Path:
    """``$TONE_MODEL`` when set, else the shipped model (models/default)."""
    if (SHIPPED_MODEL / "card.json").exists() and not os.environ.get("TONE_MODEL"):
        return SHIPPED_MODEL
    if os.environ.get("TONE_MODEL"):
        return Path(os.environ["TONE_MODEL"])
    raise SystemExit("no model to benchmark: run `make model` (models/default) or set TONE_MODEL=DIR")


def machine() -> dict[str, str]:
    """CPU, cores, memory, Python and library versions, date: what the figures depend on."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line), "")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    versions = []
    for name in ("spacy", "scikit-learn", "numpy", "scipy", "joblib", "click", "whatstk"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{name} {metadata.version(name)}")
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu or platform.processor() or platform.machine(),
        "cores": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "libraries": ", ".join(versions),
        "tone commit": commit or "?",
    }


def _failed(run: Run) -> str:
    last = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit {run.status}"
    return f"failed ({last[:100]})"


def bench_score(sizes: list[int], env: dict[str, str]) -> list[dict[str, object]]:
    """``score --input`` on each size with every core, and the 100k file once in one process."""
    rows = []
    runs = [(size, "", env) for size in sizes]
    if 100_000 in sizes:
        runs.insert(1, (100_000, " (TONE_JOBS=1)", {**env, "TONE_JOBS": "1"}))
    for size, note, run_env in runs:
        path = export_paths(size)["messages"]
        count = sum(1 for _ in path.open(encoding="utf-8"))
        with open(os.devnull, "wb") as sink:
            command = [str(TONE), "score", "--input", str(path), "--format", "jsonl"]
            run = measure(command, run_env, sink.fileno())
        what = f"score --input, {count:,} messages{note}"
        rows.append({"what": what, "size": size, "run": run, "count": count, "serial": bool(note)})
        _show(rows[-1])
    return rows


def bench_analyze(sizes: list[int], env: dict[str, str]) -> list[dict[str, object]]:
    rows = []
    for size in sizes:
        for kind in ("whatsapp", "telegram"):
            path = export_paths(size)[kind]
            out = Path(tempfile.mkdtemp(prefix="tone-bench-"))
            try:
                run = measure([str(TONE), "analyze", str(path), "--out", str(out)], env)
            finally:
                shutil.rmtree(out, ignore_errors=True)
            rows.append(
                {"what": f"analyze {kind}, {size:,} messages", "size": size, "kind": kind, "run": run}
            )
            _show(rows[-1])
    return rows


def bench_cold(env: dict[str, str]) -> dict[str, float]:
    """Median wall time of fresh ``tone score "x"`` and bare-import processes, interleaved."""
    tone, bare = [], []
    for _ in range(COLD_RUNS):
        tone.append(measure([str(TONE), "score", "x"], env).wall)
        bare.append(measure([sys.executable, "-c", "import spacy, sklearn"], env).wall)
    result = {"tone": statistics.median(tone), "bare": statistics.median(bare)}
    print(f"  cold tone score 'x' {result['tone']:.3f} s, bare import {result['bare']:.3f} s", flush=True)
    return result


def bench_whatstk(size: int, python: str, env: dict[str, str]) -> dict[str, float] | None:
    """whatstk's parse of the WhatsApp export (median of 3), in its own process."""
    try:
        found = subprocess.run([python, "-c", "import whatstk"], capture_output=True)
    except OSError:  # no such interpreter: the bench venv was not made
        found = None
    if found is None or found.returncode:
        print(f"  whatstk is not installed for {python}: no comparison")
        return None
    path = export_paths(size)["whatsapp"]
    runs = [measure([python, "-c", WHATSTK_PARSE, str(path)], env) for _ in range(3)]
    if any(run.status for run in runs):
        print(f"  whatstk {_failed(next(run for run in runs if run.status))}")
        return None
    parses = sorted((float(run.stdout.split()[0]), run) for run in runs)
    parse, run = parses[1]
    count = int(run.stdout.split()[1])
    print(f"  whatstk parse {parse:.2f} s ({count:,} messages), whole process {run.wall:.2f} s")
    return {"parse": parse, "process": run.wall, "count": count, "mb": run.pss_mb}


def _show(row: dict[str, object]) -> None:
    run = row["run"]
    assert isinstance(run, Run)
    note = "" if run.status == 0 else f"  {_failed(run)}"
    print(
        f"  {row['what']:<36} {run.wall:8.2f} s  {run.cpu:7.2f} CPU s  {run.pss_mb:6.0f} MB{note}", flush=True
    )


def verdicts(results: dict[str, object]) -> dict[str, tuple[str, bool | None]]:
    """Each target's measured figure and whether it is met (None: not measured in this run)."""
    out: dict[str, tuple[str, bool | None]] = {}
    analyze = {(r["size"], r["kind"]): r["run"] for r in results["analyze"]}  # type: ignore[index]
    whatstk = results.get("whatstk")
    run_100k = analyze.get((100_000, "whatsapp"))
    if whatstk and run_100k:
        ratio = run_100k.wall / whatstk["parse"]  # type: ignore[index]
        lenient = run_100k.wall / whatstk["process"]  # type: ignore[index]
        out["whatstk"] = (
            f"{ratio:.2f} ({run_100k.wall:.2f} s / {whatstk['parse']:.2f} s parse; "  # type: ignore[index]
            f"{lenient:.2f} against whatstk's whole process)",
            ratio <= 1.0 and run_100k.status == 0,
        )
    else:
        out["whatstk"] = ("whatstk not installed" if not whatstk else "100k analyze not run", None)
    scores = [
        r
        for r in results["score"]  # type: ignore[attr-defined]
        if r["size"] == 100_000 and not r["serial"] and r["run"].status == 0
    ]
    if scores:
        rate = scores[0]["count"] / scores[0]["run"].wall
        larger = [
            r
            for r in results["score"]  # type: ignore[attr-defined]
            if r["size"] > 100_000 and not r["serial"] and r["run"].status == 0
        ]
        # judged on the 100k file, start-up included; the larger file shows the steady rate
        steady = "".join(
            f"; {r['count'] / r['run'].wall:,.0f} on the {r['count']:,}-message file" for r in larger
        )
        out["throughput"] = (f"{rate:,.0f} messages/s (start-up included{steady})", rate >= 30_000)
    else:
        out["throughput"] = ("100k scoring not run", None)
    million = [run for (size, _), run in analyze.items() if size == 1_000_000]
    if million:
        peak = max(run.pss_mb for run in million)
        out["memory"] = (
            f"{peak:.0f} MB PSS, tone and its worker together (RSS: main process "
            f"{max(run.self_mb for run in million):.0f} MB; summed over processes, shared pages "
            f"counted twice, {max(run.rss_mb for run in million):.0f} MB)",
            peak <= 400 and all(run.status == 0 for run in million),
        )
    else:
        out["memory"] = ("1M analyze not run", None)
    cold = results["cold"]
    ratio = cold["tone"] / cold["bare"]  # type: ignore[index]
    out["cold"] = (f"{ratio:.2f}x ({cold['tone']:.2f} s / {cold['bare']:.2f} s)", ratio <= 1.3)  # type: ignore[index]
    return out


def table(results: dict[str, object]) -> list[str]:
    lines = [
        "| run | wall | CPU (all processes) | messages/s | peak memory (PSS, all processes) "
        "| peak RSS, all processes | peak RSS, main process |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in [*results["score"], *results["analyze"]]:  # type: ignore[misc]
        run: Run = row["run"]
        count = row.get("count", row["size"])
        rate = f"{count / run.wall:,.0f}" if run.status == 0 else _failed(run)
        lines.append(
            f"| {row['what']} | {run.wall:.2f} s | {run.cpu:.2f} s | {rate} | {run.pss_mb:.0f} MB "
            f"| {run.rss_mb:.0f} MB | {run.self_mb:.0f} MB |"
        )
    cold = results["cold"]
    lines.append(f'| cold `tone score "x"` (median of {COLD_RUNS}) | {cold["tone"]:.3f} s | | | | | |')  # type: ignore[index]
    lines.append(
        f'| bare `python -c "import spacy, sklearn"` (median of {COLD_RUNS}) | {cold["bare"]:.3f} s | | | | | |'
    )  # type: ignore[index]
    whatstk = results.get("whatstk")
    if whatstk:
        lines.append(
            f"| whatstk `WhatsAppChat.from_source`, 100,000-message export (median of 3) "  # type: ignore[index]
            f"| {whatstk['parse']:.2f} s (whole process {whatstk['process']:.2f} s) | "  # type: ignore[index]
            f"| {whatstk['count'] / whatstk['parse']:,.0f} | {whatstk['mb']:.0f} MB | | |"  # type: ignore[index]
        )
    return lines


def report(results: dict[str, object], info: dict[str, str], model: Path) -> str:
    marks = {True: "met", False: "**not met**", None: "not measured"}
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); synthetic exports from `bench/generate.py`",
        "(seeded; bodies recombined from `data/corpus`). Wall times are whole fresh processes,",
        "start-up included; CPU is user + system time of tone and its scoring workers. Peak memory",
        "is the most the process tree held at once, sampled every 50 ms, as PSS (pages shared",
        "between processes, like the spaCy and scikit-learn libraries each worker maps, are",
        "split between them) and as RSS (shared pages counted once per process); the main",
        "process's own peak RSS is beside them. The 400 MB target is judged on PSS.",
        "What limits these figures, stage by stage: [performance.md](performance.md).",
        "",
        "## Machine",
        "",
        *[f"- **{key}**: {value}" for key, value in info.items()],
        f"- **model**: `{model}`",
        "",
        "## Targets (issue 7)",
        "",
        "| target | measured | |",
        "|---|---|---|",
        *[
            f"| {TARGETS[key]} | {figure} | {marks[met]} |"
            for key, (figure, met) in verdicts(results).items()
        ],
        "",
        "## Runs",
        "",
        *table(results),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="export sizes to analyse")
    parser.add_argument("--score-sizes", default="100000,1000000", help="sizes for score --input")
    parser.add_argument("--no-doc", action="store_true", help=f"do not write {DOC.relative_to(ROOT)}")
    parser.add_argument(
        "--whatstk-python",
        default=sys.executable,
        help="the Python that has whatstk (make bench: .venv-bench)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    score_sizes = [int(s) for s in args.score_sizes.split(",") if s and int(s) in sizes]
    generate(tuple(sorted({*sizes, 100_000})), OUT)
    # timed as installed: pip byte-compiles a package, an editable checkout may not be
    # (PYTHONDONTWRITEBYTECODE), and compiling tone's modules on every start is not tone's cost
    compileall.compile_dir(ROOT / "tone", quiet=1)
    model = model_dir()
    env = {**os.environ, "TONE_MODEL": str(model)}
    info = machine()
    load_before = os.getloadavg()
    print(f"tone bench on {info['cpu']} ({info['cores']} cores, {info['memory']}), model {model}")
    results: dict[str, object] = {
        "cold": bench_cold(env),
        "score": bench_score(score_sizes, env),
        "analyze": bench_analyze(sizes, env),
        "whatstk": bench_whatstk(100_000, args.whatstk_python, env),
    }
    info["load average"] = (
        f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after (1-minute; other work on the "
        "machine slows every figure, ratios less so)"
    )
    text = report(results, info, model)
    print()
    print(text.split("## Targets (issue 7)", 1)[1])
    if not args.no_doc:
        DOC.write_text(text, encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
