// The phone's outbox (issue 41): an action logged without a connection waits here, in IndexedDB, with its submission id,
// until it can be sent. Shared by the page (offline.js) and the service worker (sw.js, for Background Sync); the
// server's submission-id rule makes an action sent twice count once.
(function (scope) {
    "use strict";

    var DB = "allyship", STORE = "outbox";

    function open() {
        return new Promise(function (resolve, reject) {
            var request = scope.indexedDB.open(DB, 2);
            request.onupgradeneeded = function () {
                var db = request.result;
                if (db.objectStoreNames.contains(STORE)) {
                    db.deleteObjectStore(STORE); // version 1 keyed entries by submission id
                }
                db.createObjectStore(STORE, { keyPath: "key" });
            };
            request.onsuccess = function () { resolve(request.result); };
            request.onerror = function () { reject(request.error); };
        });
    }

    function run(mode, work) {
        return open().then(function (db) {
            return new Promise(function (resolve, reject) {
                var tx = db.transaction(STORE, mode);
                var result = work(tx.objectStore(STORE));
                tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
                tx.onerror = function () { db.close(); reject(tx.error); };
                tx.onabort = function () { db.close(); reject(tx.error); };
            });
        });
    }

    function uuid() {
        return scope.crypto && scope.crypto.randomUUID ? scope.crypto.randomUUID()
            : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) { return (c ^ (Math.random() * 16) >> c / 4).toString(16); });
    }

    // An action as the browser would have posted it: its address, its form fields (with its submission id) and whose it
    // is. Each entry has its own key: two forms that share a submission id (a page kept for a moment) never overwrite.
    function add(entry) {
        entry.key = uuid();
        return run("readwrite", function (store) { store.put(entry); });
    }

    function all() { return run("readonly", function (store) { return store.getAll(); }); }

    function put(entry) { return run("readwrite", function (store) { store.put(entry); }); }

    function remove(key) { return run("readwrite", function (store) { store.delete(key); }); }

    // One sender at a time across the page and the service worker (Web Locks where the browser has them).
    function exclusively(work) {
        return scope.navigator && scope.navigator.locks ? scope.navigator.locks.request("allyship-outbox", work) : work();
    }

    // Sends what waits, oldest first, for the signed-in account only (another account's actions stay until it signs in
    // again). The server took an action when it answers with This week; an answer without it (the form again, a sign-in,
    // a refusal) marks the action refused: it is not sent again, and the page says so. Without a connection it waits.
    function send(account) {
        return exclusively(function () {
            return all().then(function (entries) {
                var mine = entries.filter(function (e) { return e.account === account && !e.refused; })
                    .sort(function (a, b) { return a.savedAt - b.savedAt; });
                var result = { sent: 0, refused: 0, unsent: 0 };
                return mine.reduce(function (chain, entry) {
                    return chain.then(function () {
                        return scope.fetch(entry.url, {
                            method: "POST",
                            body: new URLSearchParams(entry.body),
                            credentials: "same-origin",
                            headers: { "Content-Type": "application/x-www-form-urlencoded" }
                        }).then(function (response) {
                            var landed = new URL(response.url).pathname;
                            if (response.ok && response.redirected && landed === "/week") {
                                result.sent++;
                                return remove(entry.key);
                            }
                            if (response.redirected && landed.indexOf("/account/") === 0) {
                                result.unsent++; // signed out meanwhile: it waits for this account's next sign-in
                                return null;
                            }
                            result.refused++;
                            entry.refused = true;
                            return put(entry);
                        }, function () { result.unsent++; });
                    });
                }, Promise.resolve()).then(function () { return result; });
            });
        });
    }

    function count(account, refused) {
        return all().then(function (entries) { return entries.filter(function (e) { return e.account === account && !!e.refused === refused; }).length; });
    }

    function waiting(account) { return count(account, false); }

    function refused(account) { return count(account, true); }

    // Signing out leaves nothing of the account on the phone: its waiting actions hold what the mentor wrote.
    function forget(account) {
        return all().then(function (entries) {
            return Promise.all(entries.filter(function (e) { return e.account === account; }).map(function (e) { return remove(e.key); }));
        });
    }

    // The oldest action the server refused, taken out of the outbox to be opened in its form (the server says why there).
    function takeRefused(account) {
        return all().then(function (entries) {
            var first = entries.filter(function (e) { return e.account === account && e.refused; })
                .sort(function (a, b) { return a.savedAt - b.savedAt; })[0];
            return first ? remove(first.key).then(function () { return first; }) : null;
        });
    }

    scope.AllyshipOutbox = { add: add, send: send, waiting: waiting, refused: refused, takeRefused: takeRefused, forget: forget };
})(self);
