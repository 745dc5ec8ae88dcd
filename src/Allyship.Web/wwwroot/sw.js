// Allyship's service worker (issue 41), hand-written (ADR 0025): the app shell and This week for a phone without a
// connection, and the outbox sent when it returns.
//
// - Files (css, js, icons): served from the cache, refreshed behind (their addresses change with their content).
// - Pages: from the network; without one, the copy this account kept of This week or a log form, else the offline page.
//   Pages are kept per account (a cache named after it) and only those the mentor needs offline; signing out deletes them.
// - The outbox: Background Sync sends it where the browser has it; otherwise the page does when it opens or comes online.
"use strict";

// The page registers this worker with its own version and the outbox's versioned address: a deploy makes a new worker,
// a new shell cache, and the same outbox code on both sides.
var params = new URL(self.location).searchParams;
importScripts(params.get("outbox") || "/js/outbox.js");

var SHELL = "allyship-shell-" + (params.get("v") || "dev");
var PAGES = "allyship-pages-";
var META = "allyship-meta";

self.addEventListener("install", function (event) {
    // The offline page as anyone sees it: fetched without cookies, so it holds nobody's menu.
    event.waitUntil(caches.open(SHELL).then(function (cache) {
        return fetch("/offline", { credentials: "omit" }).then(function (response) { return cache.put("/offline", response); });
    }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("allyship-shell-") === 0 && n !== SHELL; })
            .map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); }));
});

// The signed-in account, as the page last said (a hash of its id, never the id or the email), and the pages it keeps.
function remembered(name) {
    return caches.open(META).then(function (cache) { return cache.match(name); })
        .then(function (response) { return response ? response.text() : ""; });
}

function account() { return remembered("/account"); }

self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "account") {
        event.waitUntil(caches.open(META).then(function (cache) {
            return Promise.all([cache.put("/account", new Response(data.account || "")), cache.put("/kept", new Response((data.kept || []).join(" ")))]);
        }));
    }
});

function isFile(url) {
    return /^\/(css|js|lib|icons)\//.test(url.pathname);
}

// A log form posted on a connection that fails (the phone thinks it is online: a tunnel, a lift, a weak signal): the
// action is kept in the outbox with its submission id, as the page does offline, and This week says so. If the post did
// reach the server before the connection broke, the replay counts once (the submission-id rule).
function postOrKeep(request) {
    var copy = request.clone();
    return fetch(request).catch(function (failure) {
        if (failure && failure.name === "AbortError") {
            throw failure; // she left the page: nothing to keep
        }
        return Promise.all([copy.text(), account()]).then(function (known) {
            var body = known[0];
            var who = known[1];
            if (!who) {
                throw failure;
            }
            var entry = { url: request.url, body: body, account: who, savedAt: Date.now(), submission: new URLSearchParams(body).get("Input.SubmissionId") };
            return self.AllyshipOutbox.add(entry).then(function () {
                return self.registration.sync ? self.registration.sync.register("allyship-outbox").catch(function () { /* the page sends it */ }) : null;
            }).then(function () {
                return Response.redirect(new URL("/week?kept=1", self.location.origin).href, 303);
            });
        });
    });
}

self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) {
        return;
    }

    if (request.method === "POST" && request.mode === "navigate" && url.pathname === "/log") {
        event.respondWith(postOrKeep(request));
        return;
    }

    if (request.method !== "GET") {
        return;
    }

    if (isFile(url)) {
        event.respondWith(caches.open(SHELL).then(function (cache) {
            return cache.match(request).then(function (kept) {
                var fresh = fetch(request).then(function (response) {
                    if (response.ok) {
                        cache.put(request, response.clone());
                    }
                    return response;
                });
                if (kept) {
                    fresh.catch(function () { /* no connection: the kept copy serves */ });
                    return kept;
                }
                return fresh;
            });
        }));
        return;
    }

    if (request.mode !== "navigate") {
        return;
    }

    event.respondWith(Promise.all([account(), remembered("/kept")]).then(function (known) {
        var who = known[0];
        var keep = who && known[1].split(" ").indexOf(url.pathname) >= 0 && !url.search;
        return fetch(request).then(function (response) {
            // Only a page of this account's own (not a redirect to sign in) is kept, under its account.
            if (keep && response.ok && !response.redirected) {
                var copy = response.clone();
                event.waitUntil(caches.open(PAGES + who).then(function (cache) { return cache.put(url.pathname, copy); }));
            }
            return response;
        }, function () {
            var kept = who ? caches.open(PAGES + who).then(function (cache) { return cache.match(url.pathname, { ignoreSearch: true }); }) : Promise.resolve(undefined);
            return kept.then(function (page) {
                return page || caches.open(SHELL).then(function (cache) { return cache.match("/offline"); });
            });
        });
    }));
});

self.addEventListener("sync", function (event) {
    if (event.tag === "allyship-outbox") {
        // Sent from here, the open pages say so as if they had sent it.
        event.waitUntil(account().then(function (who) { return who ? self.AllyshipOutbox.send(who) : null; }).then(function (result) {
            if (!result) {
                return null;
            }
            return self.clients.matchAll({ type: "window" }).then(function (pages) {
                pages.forEach(function (page) { page.postMessage({ type: "outbox-sent", sent: result.sent, refused: result.refused }); });
                if (result.unsent > 0) {
                    throw new Error("still no connection"); // the browser tries the sync again later
                }
            });
        }));
    }
});

// Notifications (Web Push): the server encrypts for this browser; the browser decrypts, and this shows it. A second copy of
// the same notification (a retry after no answer) carries the same tag and replaces the first instead of adding one.
self.addEventListener("push", function (event) {
    var message = {};
    try {
        message = event.data ? event.data.json() : {};
    } catch (e) {
        message = { body: event.data ? event.data.text() : "" };
    }
    // Another account signed in on this phone since this one turned notifications on (a shared phone): none of hers is
    // shown, and this browser stops receiving them (the push service then answers 410 and the server forgets it).
    event.waitUntil(account().then(function (who) {
        if (who && message.account && who !== message.account) {
            return self.registration.pushManager.getSubscription()
                .then(function (subscription) { return subscription ? subscription.unsubscribe() : null; })
                .catch(function () { /* it ends at the next sign-out */ })
                .then(function () { return self.registration.showNotification("Allyship", { tag: "another-account", icon: "/icons/icon-192.png", data: { url: "/" } }); });
        }
        return self.registration.showNotification(message.title || "Allyship", {
            body: message.body || "",
            tag: message.tag,
            icon: "/icons/icon-192.png",
            badge: "/icons/icon-192.png",
            data: { url: message.url || "/" }
        });
    }));
});

// A tap opens what the notification is about, in the app's window if one is open; only ever a page of this app.
self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    var target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
    if (target.origin !== self.location.origin) {
        target = new URL("/", self.location.origin);
    }
    event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
        var open = windows.filter(function (w) { return new URL(w.url).origin === target.origin && "focus" in w; })[0];
        if (open && "navigate" in open) {
            return open.focus().then(function (w) { return (w || open).navigate(target.href); }).catch(function () { return self.clients.openWindow(target.href); });
        }
        return self.clients.openWindow(target.href);
    }));
});
