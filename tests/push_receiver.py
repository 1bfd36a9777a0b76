"""A stand-in push service for the tests, with an independent Web Push implementation.

It hands out subscriptions the way a browser would make them (its own P-256 key pair and
auth secret), and for every push the gateway sends it checks the VAPID header with
py-vapid (ES256 signature, `aud` = this endpoint's origin, `exp` in the future, a `sub`)
and decrypts the body with http_ece (RFC 8291, aes128gcm). Nothing of the gateway's code
runs here. Tests can make an endpoint answer with other statuses (410, 429 + Retry-After).

    python push_receiver.py PORT

POST /subscriptions            -> a new subscription {endpoint, keys: {p256dh, auth}}
POST /push/<id>                -> the push endpoint
PUT  /behaviour/<id>           <- {"answers": [[status, retry_after_or_null], ...]}: the next
                                  answers, in order (then 201 again); [[410, null]] forever
                                  when "gone": true
GET  /received/<id>            -> {"attempts": n, "pushes": [{payload, ttl, urgency, topic,
                                  claims}], "refused": [reason, ...]}
"""

import base64
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import jwt as vapid_jwt


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


LOCK = threading.Lock()
ENDPOINTS = {}


class Endpoint:
    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.answers = []
        self.gone = False
        self.attempts = 0
        self.pushes = []
        self.refused = []

    def public_key(self):
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body=None, headers=()):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def endpoint(self, prefix):
        return ENDPOINTS.get(self.path[len(prefix):])

    def origin(self):
        return "http://" + self.headers["Host"]

    def do_POST(self):
        if self.path == "/subscriptions":
            ident = b64url(os.urandom(9))
            with LOCK:
                endpoint = ENDPOINTS[ident] = Endpoint()
            return self.reply(201, {
                "endpoint": f"{self.origin()}/push/{ident}",
                "keys": {"p256dh": b64url(endpoint.public_key()), "auth": b64url(endpoint.auth)},
            })
        endpoint = self.endpoint("/push/")
        if endpoint is None:
            return self.reply(404)
        content = self.body()
        with LOCK:
            endpoint.attempts += 1
            if endpoint.gone:
                return self.reply(410)
            if endpoint.answers:
                status, retry_after = endpoint.answers.pop(0)
                headers = [("Retry-After", str(retry_after))] if retry_after is not None else []
                return self.reply(status, headers=headers)
        try:
            push = self.check(endpoint, content)
        except Exception as err:  # a refusal the test reads back
            with LOCK:
                endpoint.refused.append(f"{type(err).__name__}: {err}")
            return self.reply(401)
        with LOCK:
            endpoint.pushes.append(push)
        self.reply(201)

    def check(self, endpoint, content):
        scheme, _, params = self.headers["Authorization"].partition(" ")
        assert scheme.lower() == "vapid", f"authorization scheme {scheme}"
        parts = dict(p.strip().split("=", 1) for p in params.split(","))
        claims = vapid_jwt.decode(parts["t"], parts["k"])
        assert claims["aud"] == self.origin(), f"aud {claims['aud']} is not {self.origin()}"
        assert claims["exp"] > time.time(), "expired VAPID token"
        assert claims["sub"].startswith(("mailto:", "https:")), f"sub {claims['sub']}"
        assert self.headers["Content-Encoding"] == "aes128gcm"
        plain = http_ece.decrypt(
            content, private_key=endpoint.private_key, auth_secret=endpoint.auth, version="aes128gcm"
        )
        return {
            "payload": json.loads(plain),
            "ttl": self.headers.get("TTL"),
            "urgency": self.headers.get("Urgency"),
            "topic": self.headers.get("Topic"),
            "claims": claims,
            "vapid_key": parts["k"],
        }

    def do_PUT(self):
        endpoint = self.endpoint("/behaviour/")
        if endpoint is None:
            return self.reply(404)
        wanted = json.loads(self.body())
        with LOCK:
            endpoint.answers = [tuple(a) for a in wanted.get("answers", [])]
            endpoint.gone = bool(wanted.get("gone"))
        self.reply(204)

    def do_GET(self):
        endpoint = self.endpoint("/received/")
        if endpoint is None:
            return self.reply(404)
        with LOCK:
            self.reply(200, {
                "attempts": endpoint.attempts,
                "pushes": endpoint.pushes,
                "refused": endpoint.refused,
            })


if __name__ == "__main__":
    ThreadingHTTPServer((sys.argv[2], int(sys.argv[1])), Handler).serve_forever()
