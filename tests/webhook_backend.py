"""A back-end as a team would write one against the gateway: it receives webhooks, verifies
each with the Standard Webhooks reference library (not the gateway's code), and answers
every chat message sent to its bot through the gateway's REST API, as the bot, with a
service account's key.

    webhook_backend.py PORT GATEWAY_URL BOT SECRET_FILE KEY_FILE SEEN_FILE

The webhook secret and the service key are read from files (never from the command line,
where `ps` shows them). SEEN_FILE keeps the ids handled, one per line, across restarts:
a delivery whose id is there already is acknowledged and not answered again.
GET /seen answers {"seen": [ids in order], "duplicates": n, "refused": n}.
"""

import json
import sys
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

PORT, GATEWAY, BOT, SECRET_FILE, KEY_FILE, SEEN_FILE = sys.argv[1:7]
SECRET = open(SECRET_FILE).read().strip()
KEY = open(KEY_FILE).read().strip()  # empty for a receiver that only listens
VERIFIER = Webhook(SECRET)

state = {"duplicates": 0, "refused": 0, "token": None, "expires": 0}


def seen():
    try:
        return [line for line in open(SEEN_FILE).read().split("\n") if line]
    except FileNotFoundError:
        return []


def call(method, path, body=None, authorization=None):
    request = urllib.request.Request(GATEWAY + path, data=body, method=method)
    if authorization:
        request.add_header("Authorization", "Bearer " + authorization)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def bot_token():
    if state["token"] is None or state["expires"] - 30 < time.time():
        answer = call("POST", "/sparkweb/api/rest/service/token/" + BOT, b"", KEY)
        state["token"], state["expires"] = answer["token"], answer["expiresAt"]
    return state["token"]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=b""):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        body = {"seen": seen(), "duplicates": state["duplicates"], "refused": state["refused"]}
        self.answer(200, json.dumps(body).encode())

    def do_POST(self):
        payload = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            delivery = VERIFIER.verify(payload, dict(self.headers.items()))
        except WebhookVerificationError:
            state["refused"] += 1
            return self.answer(400)
        if delivery["id"] in seen():
            state["duplicates"] += 1
            return self.answer(204)
        data = delivery["data"]
        sender = (data.get("from") or "").split("/")[0]
        to_bot = (data.get("to") or "").split("@")[0] == BOT
        if delivery["type"] == "chat" and data.get("body") and to_bot and sender:
            # Failing here answers 500: the gateway delivers it again later.
            call("POST", "/sparkweb/api/rest/chat/message/" + sender,
                 ("re: " + data["body"]).encode(), bot_token())
        with open(SEEN_FILE, "a") as out:
            out.write(delivery["id"] + "\n")
        self.answer(204)


# One request at a time: deliveries arrive in order, and are answered in order.
server = HTTPServer(("127.0.0.1", int(PORT)), Handler)
server.serve_forever()
