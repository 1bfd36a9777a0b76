"""The monthly cost model of docs/deploy.md, "What it costs": the deployed shape (template.yaml)
at 100, 10,000 and 1,000,000 daily active users, beside one always-on VM running an XMPP
server with SparkWeb-style plugins. Usage is an assumption (below); per-request figures
are measured here (local/bench-functions, local/bench) and passed in; prices are AWS list
prices, us-east-1, arm64, on-demand, without free tiers.

    python3 local/cost_model.py                    # the figures measured for docs/deploy.md
    python3 local/cost_model.py --sse-hours 8 ...  # other usage (see --help)
"""

import argparse
import math

# Prices (USD).
LAMBDA_GB_S = 0.0000133334      # arm64, per GB-second
LAMBDA_REQ = 0.20 / 1e6
HTTP_API_REQ = 1.00 / 1e6
CLOUDFRONT_REQ = 0.0100 / 1e4   # HTTPS requests
DDB_WRU = 0.625 / 1e6           # on-demand write request unit
DDB_RRU = 0.125 / 1e6           # on-demand read request unit
FARGATE_VCPU_H = 0.03238        # arm64
FARGATE_GB_H = 0.00356
NAT_H = 0.045
NAT_GB = 0.045
ALB_H = 0.0225
ALB_LCU_H = 0.008               # one LCU: 3,000 active connections (the binding dimension here)
SECRET_MONTH = 0.40
HOURS = 730


def args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # Usage per daily active user and day.
    p.add_argument("--messages", type=float, default=30, help="chat messages sent")
    p.add_argument("--other-calls", type=float, default=60, help="other REST calls (roster, presence, history, refreshes)")
    p.add_argument("--sse-hours", type=float, default=2, help="hours with an open tab (an SSE stream)")
    p.add_argument("--peak", type=float, default=3, help="peak concurrency over the daily average")
    # Measured (local/bench-functions, local/bench).
    p.add_argument("--call-ms", type=float, default=1, help="a function's own time per call, warm (measured)")
    p.add_argument("--store-ms", type=float, default=5, help="one DynamoDB call in AWS (assumed: single-digit ms)")
    p.add_argument("--store-calls", type=float, default=3, help="store calls per REST call")
    p.add_argument("--rru-per-message", type=float, default=1.3, help="read units per message (measured)")
    p.add_argument("--wru-per-message", type=float, default=4.4, help="write units per message (measured)")
    p.add_argument("--rru-per-call", type=float, default=2, help="read units per other call (token, login state)")
    p.add_argument("--function-mb", type=float, default=256)
    p.add_argument("--sse-mb", type=float, default=128)
    p.add_argument("--kib-per-session", type=float, default=88, help="keeper memory per session (measured)")
    return p.parse_args()


def month(dau, a, sse_on_lambda=True):
    calls = dau * (a.messages + a.other_calls) * 30
    call_s = math.ceil(a.call_ms + a.store_calls * a.store_ms) / 1000
    rest = calls * (LAMBDA_REQ + HTTP_API_REQ + CLOUDFRONT_REQ) + calls * call_s * a.function_mb / 1024 * LAMBDA_GB_S
    stream_hours = dau * a.sse_hours * 30
    concurrent_streams = dau * a.sse_hours / 24 * a.peak
    if sse_on_lambda:
        streams = stream_hours * 3600 * a.sse_mb / 1024 * LAMBDA_GB_S + stream_hours * 60 / 14 * (LAMBDA_REQ + CLOUDFRONT_REQ)
    else:  # the keeper's own listener behind a load balancer
        streams = (ALB_H + math.ceil(concurrent_streams / 3000) * ALB_LCU_H) * HOURS
    store = dau * 30 * (a.messages * (a.wru_per_message * DDB_WRU + a.rru_per_message * DDB_RRU)
                        + a.other_calls * a.rru_per_call * DDB_RRU)
    # Sessions live while a tab is open and for the idle timeout (10 minutes) after.
    sessions = dau * (a.sse_hours + 1 / 6) / 24 * a.peak
    per_task = int(700 * 1024 / a.kib_per_session)  # 1 GB tasks, 700 MB for sessions
    tasks = max(2, math.ceil(sessions / per_task))
    keepers = tasks * (0.5 * FARGATE_VCPU_H + 1 * FARGATE_GB_H) * HOURS
    fixed = NAT_H * HOURS + 2 * SECRET_MONTH + 1.5  # NAT gateway, two secrets, Cloud Map + logs
    nat_data = dau * 30 * (a.messages + a.other_calls) * 4e-6 * NAT_GB  # ~4 KB of XMPP per call
    total = rest + streams + store + keepers + fixed + nat_data
    return {"rest": rest, "sse": streams, "store": store, "keepers": keepers, "tasks": tasks,
            "fixed": fixed + nat_data, "total": total}


def vm(dau, a):
    """One always-on VM with an XMPP server and SparkWeb-style plugins (Openfire, Java):
    sized for the peak sessions at ~200 KiB each plus 1 GB."""
    sessions = dau * (a.sse_hours + 1 / 6) / 24 * a.peak
    need_gb = 1 + sessions * 200 / 1024 / 1024
    for name, gb, hourly in [("t4g.small", 2, 0.0168), ("t4g.medium", 4, 0.0336), ("t4g.large", 8, 0.0672),
                             ("m7g.xlarge", 16, 0.1632), ("m7g.2xlarge", 32, 0.3264), ("m7g.4xlarge", 64, 0.6528)]:
        if gb >= need_gb:
            return f"{name} ${hourly * HOURS:,.0f}"
    return f"none: {sessions:,.0f} sessions need ~{need_gb:,.0f} GB (a cluster)"


def main():
    a = args()
    print(f"{'DAU':>10} {'REST':>10} {'SSE':>10} {'store':>9} {'keepers':>14} {'fixed':>8} {'total/month':>12}   "
          f"{'SSE on keeper+ALB':>17}   one VM")
    for dau in (100, 10_000, 1_000_000):
        m, alt = month(dau, a), month(dau, a, sse_on_lambda=False)
        print(f"{dau:>10,} {m['rest']:>10,.0f} {m['sse']:>10,.0f} {m['store']:>9,.0f} "
              f"{m['keepers']:>8,.0f} ({m['tasks']:>3}) {m['fixed']:>8,.0f} {m['total']:>12,.0f}   "
              f"{alt['total']:>17,.0f}   {vm(dau, a)}")


if __name__ == "__main__":
    main()
