#!/usr/bin/env python3
"""Runs one command and prints `wall_ms cpu_ms maxrss_kib exit_code` on one line.

    measure.py [--log FILE] [--timeout SECONDS] [--cwd DIR] -- COMMAND [ARGS...]

wall_ms: elapsed time from just before the start to the end of the command (perf_counter).
cpu_ms: user + system time of the command and every descendant it waited for.
maxrss_kib: peak resident set of the largest process in that tree, as GNU time's %M
reports it: the command runs under /usr/bin/time when it exists, because a child forked
from this Python process starts with Python's resident set (~14 MiB) in its high-water
mark; without /usr/bin/time that floor applies (getrusage's ru_maxrss of the child).
exit_code: the command's; 124 when it ran past --timeout (its process group is killed),
128+N when killed by signal N. The command's stdout and stderr go to --log (default:
discarded).
"""

import argparse
import os
import tempfile
import signal
import subprocess
import sys
import threading
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--log")
    parser.add_argument("--timeout", type=float, default=0)
    parser.add_argument("--cwd")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    log = open(args.log, "wb") if args.log else subprocess.DEVNULL
    rss_file = None
    if os.access("/usr/bin/time", os.X_OK):
        handle, rss_file = tempfile.mkstemp(prefix="measure-rss-")
        os.close(handle)
        command = ["/usr/bin/time", "-q", "-f", "%M", "-o", rss_file, *command]
    timed_out = threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=args.cwd,
        start_new_session=True,
    )

    def kill() -> None:
        timed_out.set()
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(args.timeout, kill) if args.timeout > 0 else None
    if timer:
        timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall_ms = (time.perf_counter() - start) * 1000
    if timer:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    code = process.returncode
    if timed_out.is_set():
        code = 124
    elif code < 0:
        code = 128 - code
    cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000
    maxrss = usage.ru_maxrss
    if rss_file:
        with open(rss_file) as handle:
            lines = [line.strip() for line in handle if line.strip()]
        os.unlink(rss_file)
        if lines and lines[-1].isdigit():
            maxrss = int(lines[-1])
    print(f"{wall_ms:.1f} {cpu_ms:.1f} {maxrss} {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
