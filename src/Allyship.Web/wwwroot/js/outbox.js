// The phone's outbox (issue 41): a log submitted without a connection waits here, in IndexedDB, with its submission id,
// until it can be sent. Shared by the page (offline.js) and the service worker (sw.js, for Background Sync); the
// server's submission-id rule makes a log sent twice count once.
(function (scope) {
    "use strict";

    var DB = "allyship", STORE = "outbox";

    function open() {
        return new Promise(function (resolve, reject) {
            var request = scope.indexedDB.open(DB, 1);
            request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "id" }); };
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
            });
        });
    }

    // A log as the browser would have posted it: its address, its form fields and whose it is.
    function add(entry) { return run("readwrite", function (store) { store.put(entry); }); }

    function all() { return run("readonly", function (store) { return store.getAll(); }); }

    function remove(id) { return run("readwrite", function (store) { store.delete(id); }); }

    // Sends what waits, oldest first, for the signed-in account only (another account's logs stay until it signs in
    // again). A log the server took (it answers with the page after the log, not the form again) leaves the outbox.
    var sending = null;
    function send(account) {
        if (sending) {
            return sending;
        }

        sending = all().then(function (entries) {
            var mine = entries.filter(function (e) { return e.account === account; })
                .sort(function (a, b) { return a.savedAt - b.savedAt; });
            var sent = 0;
            return mine.reduce(function (chain, entry) {
                return chain.then(function () {
                    return scope.fetch(entry.url, {
                        method: "POST",
                        body: new URLSearchParams(entry.body),
                        credentials: "same-origin",
                        headers: { "Content-Type": "application/x-www-form-urlencoded" }
                    }).then(function (response) {
                        var path = new URL(response.url).pathname;
                        if (response.ok && response.redirected && path.indexOf("/account/") !== 0) {
                            sent++;
                            return remove(entry.id);
                        }
                    }, function () { /* still no connection: it waits */ });
                });
            }, Promise.resolve()).then(function () { return { sent: sent, left: mine.length - sent }; });
        }).finally(function () { sending = null; });
        return sending;
    }

    function waiting(account) {
        return all().then(function (entries) { return entries.filter(function (e) { return e.account === account; }).length; });
    }

    scope.AllyshipOutbox = { add: add, send: send, waiting: waiting };
})(self);
