#!/usr/bin/env python3
"""One TCP transfer with a SHA-256 at each end, for the namespace suites.

transfer.py serve ADDRESS PORT      accept one connection, read to EOF, print "BYTES SHA256"
transfer.py send ADDRESS PORT FILE  send FILE, print "BYTES SHA256" of what was sent
"""
import hashlib
import socket
import sys


def serve(address, port):
    with socket.create_server((address, port)) as server:
        server.settimeout(120)
        connection, _ = server.accept()
        with connection:
            connection.settimeout(60)
            digest, total = hashlib.sha256(), 0
            while chunk := connection.recv(1 << 20):
                digest.update(chunk)
                total += len(chunk)
    print(total, digest.hexdigest(), flush=True)


def send(address, port, path):
    digest, total = hashlib.sha256(), 0
    with open(path, "rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
            total += len(chunk)
    with socket.create_connection((address, port), timeout=60) as connection, open(path, "rb") as data:
        connection.sendfile(data)
        connection.shutdown(socket.SHUT_WR)
        connection.recv(1)   # the server's close: everything arrived
    print(total, digest.hexdigest(), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"] and len(sys.argv) == 4:
        serve(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:2] == ["send"] and len(sys.argv) == 5:
        send(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(__doc__)
