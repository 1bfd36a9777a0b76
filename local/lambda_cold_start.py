"""Cold starts of function bootstraps under a minimal Lambda Runtime API (the protocol a
`provided.al2023` bootstrap speaks: GET .../invocation/next, POST .../response).

    python3 local/lambda_cold_start.py RUNS BOOTSTRAP METHOD PATH [BOOTSTRAP METHOD PATH ...]

For each bootstrap, RUNS times: start the process (with the environment this script got),
hand it one API Gateway (v2) event for METHOD PATH, and time process start -> its response
arriving; then a second event on the warm process. Prints per bootstrap the median cold
start, the median warm answer, the process's peak RSS, its CPU time over both answers
(median), and the status code the function answered (so a crash is not timed as a success).
Used by local/bench-functions.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime"


def event(method, path):
    return {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"host": "bench.example", "accept": "application/json"},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "bench",
            "domainName": "bench.example",
            "domainPrefix": "bench",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.10",
                "userAgent": "bench",
            },
            "requestId": "bench",
            "routeKey": f"{method} {path}",
            "stage": "$default",
            "time": "02/Dec/2026:00:00:00 +0000",
            "timeEpoch": 0,
        },
        "isBase64Encoded": False,
    }


class Runtime(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the bootstrap is killed after its answers, its open connections with it

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.pending = []
        self.answers = []
        self.cond = threading.Condition()

    def offer(self, payload):
        with self.cond:
            self.pending.append(payload)
            self.cond.notify_all()

    def answer(self, timeout=30):
        with self.cond:
            self.cond.wait_for(lambda: self.answers, timeout)
            return self.answers.pop(0) if self.answers else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path != f"{PREFIX}/invocation/next":
            return self.reply(404, b"{}")
        server = self.server
        with server.cond:
            if not server.cond.wait_for(lambda: server.pending, 60):
                return self.reply(500, b"{}")
            payload = server.pending.pop(0)
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Lambda-Runtime-Aws-Request-Id", str(uuid.uuid4()))
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench")
        self.send_header("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        arrived = time.perf_counter()
        if "/response" not in self.path and "/error" not in self.path:
            # init/error and the like: a failure to start.
            self.read_body()
            self.server.answers.append((arrived, "init error"))
            return self.reply(202, b"{}")
        # A streamed answer counts from its first bytes (its headers), read to its end.
        streaming = self.headers.get("Lambda-Runtime-Function-Response-Mode") == "streaming"
        body = self.read_body()
        status = "error" if "/error" in self.path else self.status_of(body, streaming)
        with self.server.cond:
            self.server.answers.append((arrived, status))
            self.server.cond.notify_all()
        self.reply(202, b"{}")

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    break
                data += self.rfile.read(size)
                self.rfile.readline()
            return data
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    @staticmethod
    def status_of(body, streaming):
        try:
            if streaming:  # a JSON prelude, then eight NUL bytes, then the body
                return json.loads(body.split(b"\0" * 8)[0])["statusCode"]
            return json.loads(body)["statusCode"]
        except (ValueError, KeyError, IndexError):
            return "unreadable"

    def reply(self, code, body):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)


def measure(runs, bootstrap, method, path):
    colds, warms, rss, cpu, statuses = [], [], [], [], set()
    for _ in range(runs):
        runtime = Runtime()
        threading.Thread(target=runtime.serve_forever, daemon=True).start()
        env = dict(os.environ)
        env.update({
            "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{runtime.server_address[1]}",
            "AWS_LAMBDA_FUNCTION_NAME": os.path.basename(bootstrap),
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
            "AWS_LAMBDA_LOG_GROUP_NAME": "bench",
            "RUST_LOG": "error",
        })
        runtime.offer(event(method, path))
        start = time.perf_counter()
        process = subprocess.Popen([bootstrap], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            answer = runtime.answer()
            if answer is None:
                raise SystemExit(f"{bootstrap}: no answer within 30 s")
            colds.append((answer[0] - start) * 1000)
            statuses.add(answer[1])
            runtime.offer(event(method, path))
            again = time.perf_counter()
            answer = runtime.answer()
            if answer is not None:
                warms.append((answer[0] - again) * 1000)
            rss.append(peak_rss_kib(process.pid))
        finally:
            process.kill()
            # Its CPU time from the kernel's account (the forked interpreter's part before
            # exec is negligible; its memory is not, so RSS comes from /proc above).
            _, _, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            cpu.append((usage.ru_utime + usage.ru_stime) * 1000)
            runtime.shutdown()
            runtime.server_close()
    return {
        "cold_ms": statistics.median(colds),
        "warm_ms": statistics.median(warms) if warms else float("nan"),
        "rss_kib": max(rss),
        "cpu_ms": statistics.median(cpu),
        "status": ",".join(sorted(map(str, statuses))),
    }


def main():
    runs = int(sys.argv[1])
    args = sys.argv[2:]
    print(f"{'function':<22} {'cold start (median of ' + str(runs) + ')':>28} {'warm':>9} {'peak RSS':>10} {'CPU, 2 calls':>13}  answered")
    for i in range(0, len(args), 3):
        bootstrap, method, path = args[i:i + 3]
        m = measure(runs, bootstrap, method, path)
        print(f"{os.path.basename(bootstrap):<22} {m['cold_ms']:>25.1f} ms {m['warm_ms']:>6.2f} ms {m['rss_kib'] / 1024:>7.1f} MB {m['cpu_ms']:>10.1f} ms  {m['status']}")


if __name__ == "__main__":
    main()
