#!/usr/bin/env python3
"""triage-bot: an example Swarmline bot, in Python 3 with the standard library only.

It speaks the JSON-lines mode over plain TCP, like any bot would:

  * tags every new ticket (event `ticket.opened`) by keyword rules on its title, e.g.
    "VPN drops in Berlin" -> /tag #N +network;
  * joins the room of each new ticket so it can be asked things there, and answers one command:
    a comment `triagebot rules` (its own name, then `rules`; `help` works too) gets the rules
    back as a comment in that room; it leaves the room when the ticket is resolved or closed;
  * after connecting (and every reconnect) it tags open tickets that have no tags yet, so tickets
    opened while it was away are not missed;
  * reconnects with exponential backoff (0.5 s doubling to 30 s) when the connection drops;
  * checks the `ok` of every reply by its request `id`, and logs refusals to stderr.

usage: triage-bot.py [--host 127.0.0.1] [--port 7420] [--name triagebot] [--secret SECRET]
                     [--rules FILE] [--quiet]
With --accounts on the server, give the account's secret with --secret or TRIAGEBOT_SECRET (the
environment keeps it out of `ps`); the account needs role agent to tag tickets.

A rules FILE replaces the built-in rules:
  {"rules": [{"words": ["vpn", "tunnel"], "tags": ["network"]},
             {"words": ["printer"], "tags": ["hardware"]}]}
A word matches a word of the title, ignoring case and accents, also with a plural or verb ending
(printer -> printers, lock -> locked); hyphens inside words are ignored (wi-fi -> wifi).
"""
import argparse
import json
import os
import re
import signal
import socket
import sys
import time
import unicodedata

DEFAULT_RULES = [
    {"words": ["vpn", "tunnel", "wifi", "wlan", "wireless", "network", "dns", "dhcp", "proxy", "firewall",
               "internet"], "tags": ["network"]},
    {"words": ["printer", "print", "scanner", "laptop", "monitor", "screen", "keyboard", "mouse", "dock",
               "headset", "battery"], "tags": ["hardware"]},
    {"words": ["password", "mfa", "2fa", "authenticator", "login", "lock", "lockout", "sso", "account"],
     "tags": ["identity"]},
    {"words": ["email", "mail", "outlook", "mailbox", "calendar", "exchange"], "tags": ["email"]},
    {"words": ["disk", "storage", "quota", "onedrive", "sharepoint"], "tags": ["storage"]},
    {"words": ["phishing", "malware", "virus", "ransomware", "suspicious", "spam"], "tags": ["security"]},
    {"words": ["certificate", "cert", "ssl", "tls"], "tags": ["certificates"]},
]
ENDINGS = ("", "s", "es", "ed", "ing", "er", "ers")
TAG = re.compile(r"^[a-z0-9_.+#-]{1,32}$")
MAX_SAY = 1800          # below the server's default --max-comment of 2000
PING_AFTER = 600        # seconds of quiet before a /ping keeps --idle-timeout away
ROOMS_ON_CONNECT = 40   # rooms rejoined after a (re)connect, newest first; the server allows 50


VERBOSE = True


def log(msg):
    """What the bot did (off with --quiet)."""
    if VERBOSE:
        print("triagebot: " + msg, file=sys.stderr, flush=True)


def warn(msg):
    """Problems: always shown."""
    print("triagebot: " + msg, file=sys.stderr, flush=True)


def fold(text):
    """Lower case without accents: `Réseau` -> `reseau`."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def title_words(title):
    t = fold(title)
    return set(re.findall(r"[a-z0-9]+", t)) | set(re.findall(r"[a-z0-9]+", re.sub(r"(?<=\w)-(?=\w)", "", t)))


def load_rules(path):
    if path is None:
        return DEFAULT_RULES
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    rules = doc.get("rules") if isinstance(doc, dict) else None
    if not isinstance(rules, list) or not rules:
        raise ValueError("%s: expected {\"rules\": [{\"words\": [...], \"tags\": [...]}, ...]}" % path)
    for r in rules:
        words, tags = r.get("words"), r.get("tags")
        if not (isinstance(words, list) and words and all(isinstance(w, str) and w.strip() for w in words)):
            raise ValueError("%s: every rule needs a non-empty list of words" % path)
        if not (isinstance(tags, list) and tags and all(isinstance(t, str) and TAG.match(t.lower()) for t in tags)):
            raise ValueError("%s: tags are 1-32 of a-z 0-9 - _ . + # (rule %r)" % (path, words))
        r["words"] = [fold(w.strip()) for w in words]
        r["tags"] = [t.lower() for t in tags]
    return rules


def classify(title, rules):
    """Tags for a title, in rule order, without repeats."""
    words = title_words(title)
    tags = []
    for r in rules:
        if any(w + e in words for w in r["words"] for e in ENDINGS):
            tags += [t for t in r["tags"] if t not in tags]
    return tags


def describe(rules):
    return "; ".join("%s -> %s" % (", ".join(r["words"]), " ".join("+" + t for t in r["tags"])) for r in rules)


class Lost(Exception):
    """The connection ended; the caller reconnects."""


class Fatal(Exception):
    """Retrying cannot help (a wrong secret): stop."""


class Session:
    """One connection: JSON mode, requests with ids, replies matched to them by id."""

    def __init__(self, args, rules):
        self.args, self.rules = args, rules
        self.sock = socket.create_connection((args.host, args.port), timeout=10)
        self.buf = b""
        self.next_id = 0
        self.pending = {}       # id -> (line, tolerated codes, on_ok)
        self.rooms = set()
        self.last_sent = time.monotonic()
        self.command = re.compile(r"^@?%s[:,]?\s+(\w+)" % re.escape(args.name.lower()))

    # -- lines -----------------------------------------------------------------------------
    def send_line(self, line):
        self.sock.sendall((line + "\n").encode("utf-8"))
        self.last_sent = time.monotonic()

    def read_line(self, timeout):
        while b"\n" not in self.buf:
            self.sock.settimeout(timeout)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError as e:
                raise Lost(str(e))
            if not data:
                raise Lost("the server closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8", "replace").rstrip("\r")

    def request(self, line, tolerated=(), on_ok=None):
        """Sends `line` as a request object; its reply is checked when it arrives."""
        self.next_id += 1
        self.pending[self.next_id] = (line, set(tolerated), on_ok)
        self.send_line(json.dumps({"id": self.next_id, "line": line}))

    def call(self, line):
        """Sends a request and waits for its reply (events meanwhile are handled)."""
        self.next_id += 1
        rid = self.next_id
        self.send_line(json.dumps({"id": rid, "line": line}))
        while True:
            msg = self.next_message(30)
            if msg is None:
                raise Lost("no reply to %s" % line)
            if msg.get("type") == "reply" and msg.get("id") == rid:
                return msg
            self.dispatch(msg)

    def next_message(self, timeout):
        line = self.read_line(timeout)
        if line is None:
            return None
        try:
            return json.loads(line)
        except ValueError:
            return {"type": "text", "text": line}

    # -- the session ---------------------------------------------------------------------------
    def start(self):
        # The greeting comes in text mode; /format json is sent as a plain line, then every
        # request is an object with an id.
        self.read_line(10)
        self.send_line("/format json")
        while True:
            msg = self.next_message(10)
            if msg is None:
                raise Lost("no reply to /format json")
            if msg.get("type") == "reply" and msg.get("command") == "format":
                break
        hello = "/hello " + self.args.name + (" " + self.args.secret if self.args.secret else "")
        r = self.call(hello)
        if not r.get("ok"):
            if r.get("code") in ("bad-login", "secret-required", "bad-name"):
                raise Fatal("/hello refused: %s %s" % (r.get("code"), r.get("message")))
            raise Lost("/hello refused: %s %s" % (r.get("code"), r.get("message")))
        log("connected to %s:%d as %s" % (self.args.host, self.args.port, self.args.name))
        self.catch_up()

    def catch_up(self):
        """Tickets opened while we were away: tag the open ones that have no tags yet, and
        rejoin the rooms of the newest open tickets so the command works there again."""
        tickets, after = [], ""
        while True:
            # A page at a time: the server sends at most 1,000 tickets per /list.
            r = self.call("/list limit:1000" + after)
            if not r.get("ok"):
                warn("/list refused: %s %s" % (r.get("code"), r.get("message")))
                return
            data = r.get("data", {})
            tickets += [t for t in data.get("tickets", []) if t.get("status") not in ("resolved", "closed")]
            if data.get("next") is None:
                break
            after = " after:#%d" % data["next"]
        newest = {t["id"] for t in sorted(tickets, key=lambda t: -t["id"])[:ROOMS_ON_CONNECT]}
        for t in tickets:
            if not t.get("tags") or t["id"] in newest:
                self.triage(t["id"], t.get("title", "") if not t.get("tags") else "", join=t["id"] in newest)

    def run(self):
        while True:
            msg = self.next_message(60)
            if msg is None:
                if time.monotonic() - self.last_sent > PING_AFTER:
                    self.request("/ping")
                continue
            self.dispatch(msg)

    def dispatch(self, msg):
        if msg.get("type") == "reply":
            self.check(msg)
        elif msg.get("type") == "event":
            self.on_event(msg)

    def check(self, reply):
        entry = self.pending.pop(reply.get("id"), None)
        if entry is None:
            return
        line, tolerated, on_ok = entry
        if reply.get("ok"):
            if on_ok:
                on_ok(reply)
        elif reply.get("code") not in tolerated:
            warn("%s refused: %s %s" % (line, reply.get("code"), reply.get("message")))

    def on_event(self, e):
        name, ticket = e.get("event"), e.get("ticket")
        if name == "ticket.opened" and ticket:
            self.triage(ticket, e.get("title", ""), join=True)
        elif name == "comment" and ticket in self.rooms:
            self.answer(ticket, e.get("text", ""))
        elif name in ("ticket.resolved", "ticket.closed") and ticket in self.rooms:
            self.rooms.discard(ticket)
            self.request("/leave #%d" % ticket, tolerated=("not-in-room",))
        elif name == "server.notice":
            warn("server: " + e.get("text", ""))

    def triage(self, ticket, title, join):
        tags = classify(title, self.rules)
        if tags:
            line = "/tag #%d %s" % (ticket, " ".join("+" + t for t in tags))
            self.request(line, tolerated=("no-change",), on_ok=lambda r: log("tagged #%d %s" % (ticket, " ".join(tags))))
        if join:
            self.request("/join #%d" % ticket, tolerated=("too-many-rooms",), on_ok=lambda r: self.rooms.add(ticket))

    def answer(self, ticket, text):
        m = self.command.match(fold(text.strip()))
        if not m:
            return
        verb = m.group(1)
        if verb == "rules":
            reply = "rules: " + describe(self.rules)
        else:
            reply = "I tag new tickets by words in their titles. Say '%s rules' to see the rules." % self.args.name
        if len(reply) > MAX_SAY:
            reply = reply[:MAX_SAY - 1] + "…"
        self.request("/say #%d %s" % (ticket, reply))


def main():
    p = argparse.ArgumentParser(description="Tags new Swarmline tickets by keyword rules.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7420)
    p.add_argument("--name", default="triagebot")
    p.add_argument("--secret", default=os.environ.get("TRIAGEBOT_SECRET"))
    p.add_argument("--rules", help="JSON rules file (replaces the built-in rules)")
    p.add_argument("--quiet", action="store_true", help="log only problems")
    args = p.parse_args()
    try:
        rules = load_rules(args.rules)
    except (OSError, ValueError) as e:
        print("triage-bot: %s" % e, file=sys.stderr)
        return 2
    global VERBOSE
    VERBOSE = not args.quiet
    # A parent may start us with signals blocked (a child inherits its parent thread's mask, and
    # some runtimes block everything on their threads): unblock the ones that should stop us.
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    backoff = 0.5
    while True:
        session = None
        try:
            session = Session(args, rules)
            session.start()
            backoff = 0.5
            session.run()
        except Fatal as e:
            print("triage-bot: %s" % e, file=sys.stderr)
            return 2
        except (Lost, OSError) as e:
            warn("connection lost (%s); retrying in %.1fs" % (e, backoff))
        finally:
            if session:
                session.sock.close()
        time.sleep(backoff)
        backoff = min(backoff * 2, 30)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
