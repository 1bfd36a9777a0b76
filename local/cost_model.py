"""The monthly cost model of docs/deploy.md, "What it costs": the deployed shape (template.yaml)
at 100, 10,000 and 1,000,000 daily active users, every steady cost counted, beside one
always-on VM running an XMPP server with SparkWeb-style plugins and the hosted chat APIs'
price anchor. Usage is an assumption (below); per-request and per-session figures are
measured here (local/bench-functions, local/bench) and passed in; prices are AWS list
prices, us-east-1, arm64, on-demand, without free tiers.

    python3 local/cost_model.py                    # the figures of docs/deploy.md
    python3 local/cost_model.py --sse-hours 8 ...  # other usage (see --help)
    python3 local/cost_model.py --leases-per-session  # the old leases, for comparison
"""

import argparse
import math

# Prices (USD).
LAMBDA_GB_S = 0.0000133334      # arm64, per GB-second
LAMBDA_REQ = 0.20 / 1e6
HTTP_API_REQ = 1.00 / 1e6       # first 300 million a month
HTTP_API_REQ_AFTER = 0.90 / 1e6
CLOUDFRONT_REQ = 0.0100 / 1e4   # HTTPS requests
CLOUDFRONT_GB = 0.085           # data out to the internet
WAF_ACL = 5.0                   # per web ACL and month
WAF_RULE = 1.0                  # per rule (or managed group) and month
WAF_REQ = 0.60 / 1e6
DDB_WRU = 0.625 / 1e6           # on-demand write request unit
DDB_RRU = 0.125 / 1e6           # on-demand read request unit (strongly consistent)
FARGATE_VCPU_H = 0.03238        # arm64
FARGATE_GB_H = 0.00356
NAT_H = 0.045
NAT_GB = 0.045
ALB_H = 0.0225
ALB_LCU_H = 0.008               # one LCU: 3,000 active connections, 25 new/s, 1 GB/h
LOGS_GB = 0.50                  # CloudWatch Logs ingestion
ALARM = 0.10                    # per standard alarm and month
SECRET_MONTH = 0.40
# The shared one, token keys, seal key, keeper secret, User Service secret, the keeper's own.
SECRETS = 6
HOURS = 730
DAYS = 30


def args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # Usage per daily active user and day.
    p.add_argument("--messages", type=float, default=30, help="chat messages sent")
    p.add_argument("--other-calls", type=float, default=60, help="other REST calls (roster, presence, history, refreshes)")
    p.add_argument("--sse-hours", type=float, default=2, help="hours with an open tab (an event stream)")
    p.add_argument("--stream-opens", type=float, default=3, help="streams opened (page loads, reconnects)")
    p.add_argument("--peak", type=float, default=3, help="peak concurrency over the daily average")
    # Measured (local/bench-functions, local/bench).
    p.add_argument("--call-ms", type=float, default=1, help="a function's own time per call, warm (measured)")
    p.add_argument("--store-ms", type=float, default=5, help="one DynamoDB call in AWS (assumed: single-digit ms)")
    p.add_argument("--store-calls", type=float, default=3, help="store calls per REST call")
    # local/bench: 3.0 read and 4.1 write units per message between users who are not
    # contacts (both sides' events, each logged with its inbox change; both sides' inbox
    # entries, written from what the session last wrote; the conversation's settings; the
    # sender's token); contacts also log the delivery receipt (one more event written).
    p.add_argument("--rru-per-message", type=float, default=3.0, help="read units per message sent and delivered (measured)")
    p.add_argument("--wru-per-message", type=float, default=5.1, help="write units per message sent and delivered (measured + the receipt)")
    p.add_argument("--rru-per-call", type=float, default=2, help="read units per other call (token, login state)")
    p.add_argument("--function-mb", type=float, default=256)
    p.add_argument("--kib-per-session", type=float, default=88, help="keeper memory per session (measured)")
    p.add_argument("--kib-per-stream", type=float, default=38, help="keeper memory per open stream (measured)")
    p.add_argument("--log-bytes-per-call", type=float, default=250, help="the API's access log line")
    # The design's steady costs.
    p.add_argument("--lease-secs", type=float, default=30, help="XWG_LEASE_SECS")
    p.add_argument("--login-recheck-secs", type=float, default=300, help="a stream's backstop look at its login")
    p.add_argument("--leases-per-session", action="store_true",
                   help="the leases before this design: each session renewed its own every lease/3")
    return p.parse_args()


def http_api(requests):
    first = min(requests, 300e6)
    return first * HTTP_API_REQ + (requests - first) * HTTP_API_REQ_AFTER


def month(dau, a, rest_on_fleet=False):
    """The month's costs by part, and what sized them."""
    c = {}
    calls = dau * (a.messages + a.other_calls) * DAYS
    opens = dau * a.stream_opens * DAYS
    requests = calls + opens
    # The edge: CloudFront and WAF see every request; data out is small JSON and heartbeats.
    gb_out = dau * DAYS * ((a.messages * 3 + a.other_calls) * 1.0 + a.sse_hours * 240 * 0.02) / 1e6
    c["edge"] = requests * (CLOUDFRONT_REQ + WAF_REQ) + gb_out * CLOUDFRONT_GB + WAF_ACL + 4 * WAF_RULE
    # REST: a function per call behind the HTTP API, or the keeper tasks behind the load balancer.
    call_s = math.ceil(a.call_ms + a.store_calls * a.store_ms) / 1000
    if rest_on_fleet:
        c["rest"] = 0.0  # their CPU is in the keepers' tasks, their bytes in the LCUs below
    else:
        c["rest"] = calls * LAMBDA_REQ + http_api(calls) + calls * call_s * a.function_mb / 1024 * LAMBDA_GB_S

    # The keeper fleet: sized by memory for sessions and streams at the peak.
    streams = dau * a.sse_hours / 24 * a.peak
    sessions = dau * (a.sse_hours + 1 / 6) / 24 * a.peak  # streams' sessions + 10 idle minutes
    mem_kib = sessions * a.kib_per_session + streams * a.kib_per_stream
    tasks = max(2, math.ceil(mem_kib / (700 * 1024)))     # 1 GB tasks, 700 MB for both
    if rest_on_fleet:  # 0.5 vCPU per task: ~1,000 warm calls/s each at ~0.5 ms of CPU
        tasks = max(tasks, math.ceil(calls / DAYS / 86400 * a.peak / 1000))
    c["keepers"] = tasks * (0.5 * FARGATE_VCPU_H + 1 * FARGATE_GB_H) * HOURS
    # LCUs are billed on the busiest dimension, fractions included.
    lcus = max(streams / 3000, opens / DAYS / 86400 * a.peak / 25)
    if rest_on_fleet:
        lcus = max(lcus, calls / DAYS / 3600 * a.peak * 2e-6)  # ~2 KB per call, 1 GB/h
    c["alb"] = (ALB_H + lcus * ALB_LCU_H) * HOURS

    # The store: messages and calls, then the steady traffic of the design itself.
    store = dau * DAYS * (a.messages * (a.wru_per_message * DDB_WRU + a.rru_per_message * DDB_RRU)
                          + a.other_calls * a.rru_per_call * DDB_RRU)
    renewals_per_hour = 3600 / (a.lease_secs / 3)
    if a.leases_per_session:  # a consistent read and a conditional write per session
        leases = sessions * renewals_per_hour * HOURS * (DDB_RRU + DDB_WRU)
    else:  # per task: its record's write, the fleet's scan, its peers' records
        leases = tasks * renewals_per_hour * HOURS * (DDB_WRU + DDB_RRU * min(tasks, 3))
    login_checks = streams * 3600 / a.login_recheck_secs * HOURS * DDB_RRU
    c["store"] = store + leases + login_checks
    c["leases"] = leases + login_checks

    # Logs (the API's access lines, the keepers' few), the NAT gateway, the rest.
    c["logs"] = calls * a.log_bytes_per_call / 1e9 * LOGS_GB + tasks * 0.5
    nat_data = dau * DAYS * (a.messages + a.other_calls) * 4e-6 * NAT_GB  # ~4 KB of XMPP per call
    c["fixed"] = NAT_H * HOURS + nat_data + SECRETS * SECRET_MONTH + 6 * ALARM + 1.5 + tasks * 1.0  # Cloud Map, Insights
    c["total"] = sum(v for k, v in c.items() if k != "leases")
    c["tasks"] = tasks
    return c


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
    parts = ["edge", "rest", "store", "keepers", "alb", "logs", "fixed"]
    print(f"{'DAU':>10} " + " ".join(f"{p:>9}" for p in parts) + f" {'tasks':>5} {'total':>9} {'per DAU':>8}"
          f" {'(leases)':>9}   {'REST on fleet':>13}   one VM")
    for dau in (100, 10_000, 1_000_000):
        m, fleet = month(dau, a), month(dau, a, rest_on_fleet=True)
        biggest = max(parts, key=lambda p: m[p])
        print(f"{dau:>10,} " + " ".join(f"{m[p]:>9,.0f}" for p in parts)
              + f" {m['tasks']:>5} {m['total']:>9,.0f} {m['total'] / dau:>8.4f} {m['leases']:>9,.0f}"
              + f"   {fleet['total']:>13,.0f}   {vm(dau, a)}   (largest: {biggest})")
    print("hosted chat APIs, for comparison: USD 0.05-0.08 per monthly active user")


if __name__ == "__main__":
    main()
