#!/usr/bin/env python3
# Replays fal's Python client's CDN v3 upload flow against a running fal-emulator with the standard library,
# request for request as fal_client sends it (docs/emulator.md, "CDN v3"): the token (Key auth, body {}),
# datetime.fromisoformat(expires_at), a single upload with both lifecycle headers, a multipart upload of
# 10 MiB parts with 10 in flight, the etag from the ETag header, and the complete listing the parts in
# completion order. Every file is read back and compared.
#   python3 tools/emulator/check_python_cdn_flow.py http://127.0.0.1:PORT API_KEY
import json, sys, urllib.request, concurrent.futures
from datetime import datetime, timezone
base, key = sys.argv[1], sys.argv[2]
def req(method, url, body=b"", headers=None):
    r = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(r) as res:
        return res.status, dict(res.headers), res.read()
_, _, b = req("POST", base + "/storage/auth/token?storage_type=fal-cdn-v3", b"{}",
              {"Authorization": "Key " + key, "Content-Type": "application/json", "Accept": "application/json"})
tok = json.loads(b)
exp = datetime.fromisoformat(tok["expires_at"])
assert exp > datetime.now(timezone.utc), exp
auth = {"Authorization": f'{tok["token_type"]} {tok["token"]}'}
life = json.dumps({"expiration_duration_seconds": 3600})
hdr = dict(auth, **{"Content-Type": "image/png", "X-Fal-File-Name": "a.png",
                    "X-Fal-Object-Lifecycle-Preference": life, "X-Fal-Object-Lifecycle": life})
_, _, b = req("POST", tok["base_url"] + "/files/upload", b"\x89PNG" + b"x" * 1000, hdr)
single = json.loads(b)["access_url"]
assert req("GET", single)[2] == b"\x89PNG" + b"x" * 1000
data = bytes(range(256)) * 4096 * 25  # 25 MiB + a bit, 10 MiB parts
data += b"tail"
hdr["X-Fal-File-Name"] = "big.bin"; hdr["Content-Type"] = "application/octet-stream"
_, _, b = req("POST", tok["base_url"] + "/files/upload/multipart", b"", hdr)
mp = json.loads(b)
chunk = 10 * 1024 * 1024
n_parts = (len(data) + chunk - 1) // chunk
def put(n):
    _, h, _ = req("PUT", f'{mp["access_url"]}/multipart/{mp["uploadId"]}/{n}', data[(n-1)*chunk:n*chunk],
                  dict(auth, **{"Content-Type": "application/octet-stream", "Accept-Encoding": "identity"}))
    return {"partNumber": n, "etag": h["ETag"]}
parts = []
with concurrent.futures.ThreadPoolExecutor(10) as ex:
    for f in concurrent.futures.as_completed([ex.submit(put, n) for n in range(1, n_parts + 1)]):
        parts.append(f.result())  # completion order, not sorted
req("POST", f'{mp["access_url"]}/multipart/{mp["uploadId"]}/complete', json.dumps({"parts": parts}).encode(),
    dict(auth, **{"Content-Type": "application/json"}))
assert req("GET", mp["access_url"])[2] == data
print("python-flow ok:", single, mp["access_url"], n_parts, "parts, completion order", [p["partNumber"] for p in parts])
