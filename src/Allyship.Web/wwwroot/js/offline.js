// The installed app (issue 41), on the page's side: registers the service worker, keeps This week and the log forms
// for this mentor, and makes an action logged without a connection wait on the phone (outbox.js) until it can go.
// Without service workers or IndexedDB, nothing here runs and the forms post as always.
(function () {
    "use strict";

    var script = document.currentScript;
    if (!("serviceWorker" in navigator) || !window.indexedDB || !window.caches || !script) {
        return;
    }

    var account = script.dataset.account || "";
    var kept = (script.dataset.kept || "").split(" ").filter(Boolean);
    var PAGES = "allyship-pages-";
    // The offline page is the phone's own copy, kept signed out: it says nothing about who is signed in.
    var offlinePage = location.pathname === "/offline" || !navigator.onLine;

    function uuid() {
        return window.crypto && crypto.randomUUID ? crypto.randomUUID()
            : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) { return (c ^ (Math.random() * 16) >> c / 4).toString(16); });
    }

    // A sentence where the mentor is looking: above the form she just sent, else at the top of the page. The region
    // exists before its words change, so a screen reader announces them.
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
        box.textContent = "";
        window.setTimeout(function () {
            box.textContent = text;
            if (near) {
                box.scrollIntoView({ block: "center" });
                box.focus({ preventScroll: true });
            }
        }, 50);
    }

    function plural(count, one, other) {
        return (count === 1 ? one : other || "").replace("{0}", count);
    }

    // Another account's pages never stay on the phone: signed out, or someone else signed in, they go (checked online
    // only: the phone's offline copies are read without a connection, and say nobody).
    if (!offlinePage) {
        caches.keys().then(function (names) {
            return Promise.all(names.filter(function (n) { return n.indexOf(PAGES) === 0 && n !== PAGES + account; })
                .map(function (n) { return caches.delete(n); }));
        }).catch(function () { /* nothing kept */ });
    }

    navigator.serviceWorker.register(script.dataset.worker || "/sw.js", { updateViaCache: "none" }).then(function () { return navigator.serviceWorker.ready; }).then(function (registration) {
        if (registration.active && !offlinePage) {
            registration.active.postMessage({ type: "account", account: account, kept: kept });
        }
    }).catch(function () { /* no service worker: the app works online as always */ });

    // Signing out takes this account's pages and waiting actions off the phone first (asking, if actions wait).
    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!form.matches || !form.matches("form.sign-out") || form.dataset.cleared) {
            return;
        }

        event.preventDefault();
        var waitingNow = account ? window.AllyshipOutbox.waiting(account) : Promise.resolve(0);
        waitingNow.catch(function () { return 0; }).then(function (count) {
            if (count > 0 && !window.confirm(plural(count, script.dataset.signOutOne, script.dataset.signOutOther))) {
                return false;
            }
            return caches.keys().then(function (names) {
                return Promise.all(names.filter(function (n) { return n.indexOf(PAGES) === 0; }).map(function (n) { return caches.delete(n); }));
            }).then(function () { return account ? window.AllyshipOutbox.forget(account) : null; })
                // Notifications stop here too: the push service then answers 410 and the server forgets this device.
                .then(function () { return navigator.serviceWorker.getRegistration(); })
                .then(function (registration) { return registration && registration.pushManager ? registration.pushManager.getSubscription() : null; })
                .then(function (subscription) { return subscription ? subscription.unsubscribe() : null; })
                .catch(function () { /* nothing kept */ }).then(function () { return true; });
        }).then(function (go) {
            if (go) {
                form.dataset.cleared = "true";
                form.submit();
            }
        });
    }, true);

    if (!account) {
        return;
    }

    // This week and the three log forms, kept while online; a copy older than a day is fetched again (its dates move).
    function keepPages() {
        if (!navigator.onLine) {
            return;
        }

        caches.open(PAGES + account).then(function (cache) {
            return Promise.all(kept.map(function (path) {
                return cache.match(path).then(function (hit) {
                    var age = hit && hit.headers.get("date") ? Date.now() - new Date(hit.headers.get("date")).getTime() : Infinity;
                    return age < 864e5 ? null : fetch(path, { credentials: "same-origin" }).then(function (response) {
                        if (response.ok && !response.redirected) {
                            return cache.put(path, response);
                        }
                    });
                });
            }));
        }).catch(function () { /* keeping is a bonus, never an error */ });
    }

    // Said once actions went, from this page or from the service worker (Background Sync); and any the server refused.
    function reported(result) {
        if (result.sent > 0) {
            say(plural(result.sent, script.dataset.sentOne, script.dataset.sentOther));
        }
        if (result.refused > 0) {
            sayRefused(result.refused);
        }
    }

    // Refused actions are opened one at a time in their form, as the server answers them: her words, and why not.
    function sayRefused(count) {
        say(plural(count, script.dataset.refusedOne, script.dataset.refusedOther));
        window.setTimeout(function () {
            var box = document.getElementById("offline-status");
            if (!box || box.querySelector("button")) {
                return;
            }
            var open = document.createElement("button");
            open.type = "button";
            open.className = "btn btn-sm btn-outline-primary ms-2";
            open.textContent = script.dataset.openRefused;
            open.addEventListener("click", reopen);
            box.appendChild(open);
        }, 60);
    }

    function reopen() {
        window.AllyshipOutbox.takeRefused(account).then(function (entry) {
            if (!entry) {
                return;
            }
            // Posted as the form would be, with this page's antiforgery token (the kept one may be older than the session).
            var token = document.querySelector('input[name="__RequestVerificationToken"]');
            var form = document.createElement("form");
            form.method = "post";
            form.action = entry.url;
            new URLSearchParams(entry.body).forEach(function (value, name) {
                var field = document.createElement("input");
                field.type = "hidden";
                field.name = name;
                field.value = name === "__RequestVerificationToken" && token ? token.value : value;
                form.appendChild(field);
            });
            document.body.appendChild(form);
            form.submit();
        });
    }

    function send() {
        if (!navigator.onLine) {
            return;
        }

        window.AllyshipOutbox.send(account).then(reported).catch(function () { /* it waits for the next chance */ });
    }

    navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "outbox-sent") {
            reported(event.data);
        }
    });

    // An action logged without a connection: kept with its submission id, said so, and the form ready for the next one.
    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (navigator.onLine || !form.matches || !form.matches("form[data-offline-log]")) {
            return;
        }

        event.preventDefault();
        var id = form.querySelector('[name="Input.SubmissionId"]');
        var entry = { url: form.action, body: new URLSearchParams(new FormData(form)).toString(), account: account, savedAt: Date.now(), submission: id ? id.value : null };
        window.AllyshipOutbox.add(entry).then(function () {
            say(script.dataset.saved, form);
            form.reset();
            today(form);
            if (id) {
                id.value = uuid();
            }
            return navigator.serviceWorker.ready.then(function (registration) {
                return registration.sync ? registration.sync.register("allyship-outbox") : null;
            });
        }).catch(function () { /* Background Sync refused: the page sends it when the connection returns */ });
    }, true);

    // A form opened from the phone's copy, which may be a day or more old: its date stays the one it was kept with (the
    // mentor sees it and can change it), and the days since can be chosen.
    function today(form) {
        var now = new Date();
        var iso = new Date(now.getTime() - now.getTimezoneOffset() * 6e4).toISOString().slice(0, 10);
        Array.prototype.forEach.call(form.querySelectorAll('input[type="date"][name="Input.OccurredOn"]'), function (input) {
            if (input.max && input.max < iso) {
                input.max = iso;
            }
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        // The service worker kept a log its connection could not post (online in name only): said here.
        if (/[?&]kept=1\b/.test(location.search)) {
            history.replaceState(null, "", location.pathname);
            say(script.dataset.saved);
        }
        if (navigator.onLine) {
            window.AllyshipOutbox.refused(account).then(function (count) {
                if (count > 0) {
                    sayRefused(count);
                }
            }).catch(function () { /* nothing kept */ });
            return;
        }
        Array.prototype.forEach.call(document.querySelectorAll("form[data-offline-log]"), function (form) {
            today(form);
            var id = form.querySelector('[name="Input.SubmissionId"]');
            if (id) {
                id.value = uuid();
            }
        });
        window.AllyshipOutbox.waiting(account).then(function (count) {
            if (count > 0) {
                say(script.dataset.saved);
            }
        });
    });

    window.addEventListener("online", send);
    window.addEventListener("load", function () {
        keepPages();
        send();
    });
})();
