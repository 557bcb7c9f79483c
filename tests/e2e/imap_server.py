#!/usr/bin/env python3
"""An IMAP server on loopback for the tests: a private Dovecot (Debian's dovecot-imapd).

Writes its configuration, its users and one mailbox into a folder of its own under the
system's temporary folder (Dovecot's unprivileged processes must reach them: a caller's
private folder would not do), removed when it stops; then starts Dovecot with
STARTTLS on --port and IMAPS on --port + 1, using the certificate --cert and its key --key.
The mail processes run as nobody:nogroup (Dovecot refuses root). Prints
"ready PORT IMAPS_PORT MAILDIR UID GID" once it answers; a message is delivered by writing
a file into MAILDIR/new (owned by UID:GID). Stops when its standard input closes or on
SIGTERM. Needs root (Dovecot's master process), as on the CI machines.
"""
import argparse
import os
import pwd
import shutil
import tempfile
import signal
import socket
import subprocess
import sys
import threading
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="profilence-dovecot-")
    os.chmod(folder, 0o755)
    nobody = pwd.getpwnam("nobody")
    home = os.path.join(folder, "home")
    maildir = os.path.join(home, "Maildir")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    for root, dirs, _files in os.walk(home):
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
    # Dovecot reads its key as root; copies keep the caller's files as they are.
    cert = os.path.join(folder, "cert.pem")
    key = os.path.join(folder, "key.pem")
    shutil.copyfile(args.cert, cert)
    shutil.copyfile(args.key, key)
    os.chmod(key, 0o600)
    users = os.path.join(folder, "users")
    with open(users, "w") as f:
        f.write(f"{args.user}:{{PLAIN}}{args.password}\n")
    conf = os.path.join(folder, "dovecot.conf")
    with open(conf, "w") as f:
        f.write(
            f"""protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = {users}
}}
userdb {{
  driver = static
  args = uid={nobody.pw_uid} gid={nobody.pw_gid} home={home}
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    port = {args.port}
  }}
  inet_listener imaps {{
    port = {args.port + 1}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
default_login_user = nobody
default_internal_user = nobody
"""
        )
    os.makedirs(os.path.join(folder, "run"), exist_ok=True)
    os.makedirs(os.path.join(folder, "state"), exist_ok=True)
    subprocess.run(["dovecot", "-c", conf], check=True)
    deadline = time.time() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", args.port + 1), timeout=1).close()
            break
        except OSError:
            if time.time() > deadline:
                sys.stderr.write(open(os.path.join(folder, "dovecot.log")).read() if os.path.exists(os.path.join(folder, "dovecot.log")) else "no log\n")
                raise
            time.sleep(0.05)
    print(f"ready {args.port} {args.port + 1} {maildir} {nobody.pw_uid} {nobody.pw_gid}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    subprocess.run(["doveadm", "-c", conf, "stop"], check=False)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
