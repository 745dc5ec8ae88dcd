// The installed app (issue 41), on the page's side: registers the service worker, keeps This week and the log forms
// for this account, and makes a log submitted without a connection wait on the phone (outbox.js) until it can go.
// Without service workers or IndexedDB, nothing here runs and the forms post as always.
(function () {
    "use strict";

    var script = document.currentScript;
    if (!("serviceWorker" in navigator) || !window.indexedDB || !window.caches || !script) {
        return;
    }

    var account = script.dataset.account || "";
    var PAGES = "allyship-pages-";
    var KEPT = ["/week", "/log/coffee", "/log/shout-out", "/log/sponsor-note"];

    function uuid() {
        return window.crypto && crypto.randomUUID ? crypto.randomUUID()
            : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) { return (c ^ (Math.random() * 16) >> c / 4).toString(16); });
    }

    // A sentence where the mentor is looking: above the form she just sent, else at the top of the page.
    function say(text, near) {
        if (!text) {
            return;
        }

        var box = document.getElementById("offline-status");
        if (!box) {
            box = document.createElement("div");
            box.id = "offline-status";
            box.className = "alert alert-info";
            box.setAttribute("role", "status");
            box.tabIndex = -1;
        }
        var place = near || (document.getElementById("main") || document.body).firstChild;
        place.parentNode.insertBefore(box, place);
        box.textContent = text;
        if (near) {
            box.scrollIntoView({ block: "center" });
            box.focus({ preventScroll: true });
        }
    }

    // Another account's pages never stay on the phone: signed out (no account), or someone else signed in, they go.
    var cleaned = caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf(PAGES) === 0 && n !== PAGES + account; })
            .map(function (n) { return caches.delete(n); }));
    });

    navigator.serviceWorker.register("/sw.js").then(function () { return navigator.serviceWorker.ready; }).then(function (registration) {
        if (registration.active) {
            registration.active.postMessage({ type: "account", account: account });
        }
    }).catch(function () { /* no service worker: the app works online as always */ });

    // Signing out takes this account's pages off the phone first (the next page, signed out, checks again).
    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!form.matches || !form.matches("form.sign-out") || form.dataset.cleared) {
            return;
        }

        event.preventDefault();
        form.dataset.cleared = "true";
        caches.keys().then(function (names) {
            return Promise.all(names.filter(function (n) { return n.indexOf(PAGES) === 0; }).map(function (n) { return caches.delete(n); }));
        }).catch(function () { /* nothing kept */ }).then(function () { form.submit(); });
    }, true);

    if (!account) {
        return;
    }

    // This week and the three log forms, kept once while online (the service worker refreshes each as it is opened).
    function keepPages() {
        if (!navigator.onLine) {
            return;
        }

        cleaned.then(function () { return caches.open(PAGES + account); }).then(function (cache) {
            return Promise.all(KEPT.map(function (path) {
                return cache.match(path).then(function (hit) {
                    return hit || fetch(path, { credentials: "same-origin" }).then(function (response) {
                        if (response.ok && !response.redirected) {
                            return cache.put(path, response);
                        }
                    });
                });
            }));
        }).catch(function () { /* keeping is a bonus, never an error */ });
    }

    function send() {
        if (!navigator.onLine) {
            return;
        }

        window.AllyshipOutbox.send(account).then(function (result) { sent(result.sent); })
            .catch(function () { /* it waits for the next chance */ });
    }

    // Said once a log went, from this page or from the service worker (Background Sync).
    function sent(count) {
        if (count > 0) {
            say((count === 1 ? script.dataset.sentOne : script.dataset.sentOther || "").replace("{0}", count));
            if (location.pathname === "/week") {
                window.setTimeout(function () { location.reload(); }, 1500);
            }
        }
    }

    navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "outbox-sent") {
            sent(event.data.sent);
        }
    });

    // A log submitted without a connection: kept with its submission id, said so, and the form ready for the next one.
    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (navigator.onLine || !form.matches || !form.matches("form[data-offline-log]")) {
            return;
        }

        event.preventDefault();
        var id = form.querySelector('[name="Input.SubmissionId"]');
        var entry = { id: id && id.value ? id.value : uuid(), url: form.action, body: new URLSearchParams(new FormData(form)).toString(), account: account, savedAt: Date.now() };
        window.AllyshipOutbox.add(entry).then(function () {
            say(script.dataset.saved, form);
            form.reset();
            if (id) {
                id.value = uuid();
            }
            return navigator.serviceWorker.ready.then(function (registration) {
                return registration.sync ? registration.sync.register("allyship-outbox") : null;
            });
        }).catch(function () { /* Background Sync refused: the page sends it when the connection returns */ });
    }, true);

    document.addEventListener("DOMContentLoaded", function () {
        // A form opened from the phone's copy has the copy's submission id: each log offline gets its own.
        if (!navigator.onLine) {
            Array.prototype.forEach.call(document.querySelectorAll('form[data-offline-log] [name="Input.SubmissionId"]'), function (input) { input.value = uuid(); });
            window.AllyshipOutbox.waiting(account).then(function (count) {
                if (count > 0) {
                    say(script.dataset.saved);
                }
            });
        }
    });

    window.addEventListener("online", send);
    window.addEventListener("load", function () {
        keepPages();
        send();
    });
})();
