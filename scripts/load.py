#!/usr/bin/env python3
"""Load test of `cchc serve` (issue 15), loopback only, stops by itself.

Starts the server on a fresh workspace, then 20 clients at once each upload the sample
through the API with a configuration of their own (their own letter number) and read back
the zip: every client must get its documents, with its own number in its cover letter and
no other. Then times the page's two steps for one clerk: the check view of an input and
"Lập văn bản" (documents, no PDF). Prints the figures and the server's peak memory.

    scripts/load.py [target/release/cchc] [CLIENTS]
"""
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/cchc")
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
SAMPLE = os.path.join(ROOT, "input/tuan-giao-2019.xlsx")
CONFIG = open(os.path.join(ROOT, "input/cchc.toml"), encoding="utf-8").read()


def multipart(fields):
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, filename, data in fields:
        body.write(f"--{boundary}\r\n".encode())
        if filename:
            body.write(f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n\r\n'.encode())
        else:
            body.write(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        body.write(data)
        body.write(b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def request(url, data=None, content_type=None, origin=None):
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if content_type:
        req.add_header("Content-Type", content_type)
    if origin:
        req.add_header("Origin", origin)
    with urllib.request.urlopen(req, timeout=120) as response:
        return response.status, response.read()


def peak_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    work = tempfile.mkdtemp(prefix="cchc-load-")
    os.makedirs(os.path.join(work, "input"))
    shutil.copy(os.path.join(ROOT, "input/cchc.toml"), os.path.join(work, "input"))
    shutil.copy(SAMPLE, os.path.join(work, "input"))
    server = subprocess.Popen([BIN, "serve", work, "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = server.stdout.readline()
        base = re.search(r"http://[0-9.:]+", line).group(0)
        sample = open(SAMPLE, "rb").read()
        results = [None] * CLIENTS

        def client(i):
            number = str(7000 + i)
            config = re.sub(r'number = "1356"', f'number = "{number}"', CONFIG, count=1)
            body, kind = multipart([("file", "tuan-giao-2019.xlsx", sample),
                                    ("config", None, config.encode())])
            start = time.perf_counter()
            try:
                status, data = request(base + "/api/generate", body, kind)
                elapsed = time.perf_counter() - start
                outer = zipfile.ZipFile(io.BytesIO(data))
                letter = zipfile.ZipFile(io.BytesIO(outer.read("cong-van.docx")))
                xml = letter.read("word/document.xml").decode()
                numbers = set(re.findall(r"Số: (\d+)/UBND-NV", xml))
                ok = status == 200 and numbers == {number} and len(outer.namelist()) == 9
                results[i] = (ok, elapsed, numbers)
            except Exception as e:  # noqa: BLE001 - reported as a failed client
                results[i] = (False, time.perf_counter() - start, str(e))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        failed = [(i, r) for i, r in enumerate(results) if not r[0]]
        times = sorted(r[1] for r in results)
        print(f"{CLIENTS} clients at once: {CLIENTS - len(failed)} succeeded, wall {wall:.2f} s, "
              f"per request median {statistics.median(times):.2f} s, slowest {times[-1]:.2f} s")
        for i, r in failed:
            print(f"  client {i} failed: {r}")

        # One clerk on the page: the check view, then "Lập văn bản".
        page = base + "/input/tuan-giao-2019.xlsx"
        views, documents = [], []
        for _ in range(10):
            t = time.perf_counter()
            request(page)
            views.append(time.perf_counter() - t)
            t = time.perf_counter()
            # A new number each time, so that the documents are really written again.
            request(page + "/settings", f"letter_number={len(documents) + 1}".encode(),
                    "application/x-www-form-urlencoded", origin=base)
            t = time.perf_counter()
            request(page + "/generate", b"", "application/x-www-form-urlencoded", origin=base)
            documents.append(time.perf_counter() - t)
        print(f"check view: median {statistics.median(views) * 1000:.0f} ms (target < 300 ms)")
        print(f"documents (Lập văn bản, then the page): median {statistics.median(documents) * 1000:.0f} ms "
              f"(target < 500 ms)")
        memory = peak_mb(server.pid)
        print(f"server peak memory: {memory:.1f} MB (target < 200 MB)")
        return 1 if failed or memory >= 200 else 0
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
