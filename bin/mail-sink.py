#!/usr/bin/env python3
"""A throw-away SMTP receiver for the demo: prints every e-mail Keycloak sends to localhost:1025 (the demo realm's
SMTP server), with quoted-printable undone so links can be copied. Ctrl-C stops it. Not for production.
    bin/mail-sink.py [port=1025] [delay-ms=0]
A delay makes each accepted message take that long, like a remote SMTP relay (the timing benchmark uses it)."""
import quopri
import socketserver
import sys
import time

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 1025
DELAY = int(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0


class Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 kc-edu demo mail sink")
        rcpt = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode(errors="replace").strip()
            upper = cmd.upper()
            if upper.startswith("RCPT TO:"):
                rcpt.append(cmd[8:].strip(" <>"))
                self.reply("250 OK")
            elif upper == "DATA":
                self.reply("354 go ahead")
                data = []
                while True:
                    l = self.rfile.readline()
                    if not l or l.rstrip(b"\r\n") == b".":
                        break
                    data.append(l)
                body = quopri.decodestring(b"".join(data)).decode(errors="replace")
                print("=" * 78, "\nTo:", ", ".join(rcpt), "\n" + body, flush=True)
                rcpt = []
                time.sleep(DELAY)
                self.reply("250 OK")
            elif upper == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


socketserver.ThreadingTCPServer.allow_reuse_address = True
with socketserver.ThreadingTCPServer(("127.0.0.1", PORT), Handler) as server:
    print(f"kc-edu demo mail sink on 127.0.0.1:{PORT}", flush=True)
    server.serve_forever()
