#!/usr/bin/env python3
"""A mail server on loopback for the end-to-end tests (aiosmtpd, Debian's python3-aiosmtpd).

Accepts AUTH PLAIN/LOGIN for one account over a plain connection (loopback only), or, with
--mode starttls (STARTTLS required before AUTH) or --mode tls (TLS from the start), over TLS
with the certificate --cert and its key --key. Keeps each message received in DIR: N.eml as
received, N.json with its envelope, headers, text and HTML parts, Message-ID, attachments and whether it
came over TLS,
and each attachment as N-FILENAME. Prints "ready PORT" once listening; stops when its
standard input closes or on SIGTERM.
"""
import argparse
import email
import email.policy
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Keep:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        raw = envelope.original_content or envelope.content
        with open(os.path.join(self.folder, f"{n}.eml"), "wb") as f:
            f.write(raw)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        attachments = []
        for part in message.iter_attachments():
            name = part.get_filename()
            path = os.path.join(self.folder, f"{n}-{name}")
            with open(path, "wb") as f:
                f.write(part.get_content())
            attachments.append({"filename": name, "contentType": part.get_content_type(), "path": path})
        body = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        summary = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "text": body.get_content() if body else "",
            "html": html.get_content() if html else "",
            "messageId": str(message["Message-ID"] or ""),
            "attachments": attachments,
        }
        # Written last, whole: its presence means the message is complete.
        tmp = os.path.join(self.folder, f"{n}.json.part")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(self.folder, f"{n}.json"))
        return "250 2.0.0 Ok: queued"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return check


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    encryption = {}
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        if args.mode == "starttls":
            encryption = {"tls_context": context, "require_starttls": True}
        else:
            encryption = {"ssl_context": context}
    controller = Controller(
        Keep(args.dir),
        hostname="127.0.0.1",
        port=args.port,
        authenticator=authenticator(args.user, args.password),
        auth_required=True,
        # aiosmtpd 1.4 counts only STARTTLS as TLS: over SMTPS the connection is already
        # encrypted, and requiring it again would hide AUTH.
        auth_require_tls=args.mode == "starttls",
        **encryption,
    )
    controller.start()
    print(f"ready {args.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
