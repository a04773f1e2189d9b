"""Measure HttpClient.download on loopback: throughput and peak memory (not a test).

    .venv/bin/python -m tests.http.bench_download [megabytes]

Streams a generated body into a landing writer and prints MB/s and the process's peak RSS, which
should stay near the interpreter's baseline whatever the size (the body is never held whole).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from esq.http import HttpClient
from esq.landing import LandingWriter
from tests.http.loopback import allow_robots, fast_policy

CHUNK = b"x" * (1 << 20)


def main(megabytes: int = 200) -> None:
    def body(_: Request) -> Response:
        return Response((CHUNK for _ in range(megabytes)), direct_passthrough=True)

    server = HTTPServer(threaded=True)
    server.start()
    try:
        allow_robots(server)
        server.expect_request("/big").respond_with_handler(body)
        http = HttpClient(fast_policy(max_bytes=(megabytes + 1) << 20, read_timeout=30))
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with tempfile.TemporaryDirectory() as tmp:
            writer = LandingWriter(Path(tmp), "bench")
            started = time.monotonic()
            landed = http.download(server.url_for("/big"), writer, "big.bin", source_id="bench")
            elapsed = time.monotonic() - started
            writer.abort()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert landed is not None and landed.size == megabytes << 20
        print(f"{megabytes} MiB in {elapsed:.2f} s = {megabytes / elapsed:.0f} MiB/s; "
              f"peak RSS {peak:.0f} MiB (baseline before download {baseline:.0f} MiB)")  # fmt: skip
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
