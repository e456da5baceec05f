#!/usr/bin/env python3
"""The benchmark's web server on 127.0.0.1: every answer waits a fixed delay, and every request
is counted so the benchmark can say how many requests each link checker made.

  /doc/K   200, a small HTML page
  /old/K   301 to /doc/K
  /gone/K  404
  /__stats the counts as JSON {"total": n, "unique": n, "by_path": {"HEAD /doc/1": n, ...}}
  /__reset sets the counts to zero
"""

import argparse
import collections
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = collections.Counter()
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    delay = 0.02

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        path = self.path.split("?")[0]
        if path == "/__stats":
            with lock:
                by_path = dict(counts)
            stats = {"total": sum(by_path.values()), "unique": len({k.split(" ", 1)[1] for k in by_path}),
                     "by_path": by_path}
            return self.answer(200, json.dumps(stats).encode())
        if path == "/__reset":
            with lock:
                counts.clear()
            return self.answer(200, b"reset")
        with lock:
            counts[f"{self.command} {path}"] += 1
        time.sleep(self.delay)
        if path.startswith("/doc/"):
            return self.answer(200, b"<!DOCTYPE html><html><body><p>doc</p></body></html>")
        if path.startswith("/old/"):
            return self.answer(301, headers=[("Location", "/doc/" + path.rsplit("/", 1)[1])])
        return self.answer(404, b"not found")

    do_GET = handle_any
    do_HEAD = handle_any


class Server(ThreadingHTTPServer):
    request_queue_size = 1024  # listen() backlog: the default 5 drops SYNs under load
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients closing idle keep-alive connections are not news


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay-ms", type=float, default=20)
    args = parser.parse_args()
    Handler.delay = args.delay_ms / 1000
    server = Server(("127.0.0.1", args.port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
