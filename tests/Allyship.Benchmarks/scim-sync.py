#!/usr/bin/env python3
"""An identity provider's initial sync, as Entra ID runs it (issue 38, item 5): for each person a "does this user
exist?" filter on userName, then a POST of the whole user with the enterprise extension. WORKERS threads, each on
its own keep-alive connection; a 429 waits for its Retry-After and is sent again, as Entra does. Prints one RESULT line:
users, seconds, requests/s, p50/p95/p99 ms of the POSTs, 429s, other errors.
Usage: scim-sync.py <base url> <token> <users> [workers=4] [first=1]"""
import http.client, json, sys, threading, time, urllib.parse

base, token, users = sys.argv[1], sys.argv[2], int(sys.argv[3])
workers = int(sys.argv[4]) if len(sys.argv) > 4 else 4
first = int(sys.argv[5]) if len(sys.argv) > 5 else 1
url = urllib.parse.urlparse(base)
departments = ["Engineering", "Sales", "Finance", "Legal", "Marketing", "People", "Operations", "Research"]
titles = ["Engineer I", "Engineer II", "Senior Engineer", "Manager", "Director", "Analyst", "Associate"]
lock = threading.Lock()
post_ms, throttled, errors, done = [], [0], [], [0]


def body(n):
    email = f"person{n:06d}@sync.example.com"
    return email, json.dumps({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": f"00000000-0000-4000-8000-{n:012d}", "userName": email, "active": True,
        "displayName": f"Person {n:06d} Synced", "name": {"givenName": f"Person {n:06d}", "familyName": "Synced"},
        "emails": [{"primary": True, "type": "work", "value": email}], "title": titles[n % len(titles)],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": departments[n % len(departments)], "employeeNumber": str(n)},
    })


def send(conn, method, path, payload=None):
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/scim+json"}
    if payload is not None:
        headers["Content-Type"] = "application/scim+json"
    while True:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != 429:
            return response.status, data
        with lock:
            throttled[0] += 1
        time.sleep(float(response.getheader("Retry-After", "1")))


def work(start):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    prefix = url.path.rstrip("/")
    for n in range(start, first + users, workers):
        email, payload = body(n)
        query = urllib.parse.quote(f'userName eq "{email}"')
        status, data = send(conn, "GET", f"{prefix}/Users?filter={query}")
        if status != 200 or json.loads(data)["totalResults"] != 0:
            with lock:
                errors.append(f"GET {email}: {status} {data[:200]!r}")
            continue
        began = time.perf_counter()
        status, data = send(conn, "POST", f"{prefix}/Users", payload)
        took = (time.perf_counter() - began) * 1000
        with lock:
            post_ms.append(took)
            done[0] += 1
            if status != 201:
                errors.append(f"POST {email}: {status} {data[:200]!r}")
            if done[0] % 2000 == 0:
                print(f"  {done[0]} of {users} users after {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


started = time.perf_counter()
threads = [threading.Thread(target=work, args=(first + i,)) for i in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - started
post_ms.sort()
pct = lambda p: post_ms[min(len(post_ms) - 1, int(len(post_ms) * p))] if post_ms else 0
for e in errors[:5]:
    print(e, file=sys.stderr)
print(f"RESULT {done[0]} {elapsed:.1f} {2 * done[0] / elapsed:.1f} {pct(0.5):.1f} {pct(0.95):.1f} {pct(0.99):.1f} {throttled[0]} {len(errors)}")
