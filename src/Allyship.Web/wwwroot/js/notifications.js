// Settings → Notifications: "Turn on notifications" asks the browser only after her click (never on a visit), subscribes
// with the server's key, fills the form's three fields with what the browser gave, and posts the form with its token.
// Turning off this device unsubscribes here as well as on the server.
(function () {
    "use strict";
    var form = document.getElementById("push-on");
    var state = document.getElementById("push-state");
    if (!form || !state) {
        return;
    }

    var button = form.querySelector("button");
    function say(text) {
        state.textContent = text;
    }

    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
        say(state.dataset.unsupported);
        return;
    }

    function keyBytes(base64url) {
        var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
        var raw = atob(base64 + "===".slice((base64.length + 3) % 4));
        var bytes = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) {
            bytes[i] = raw.charCodeAt(i);
        }
        return bytes;
    }

    function sameKey(buffer, bytes) {
        if (!buffer) {
            return false;
        }
        var held = new Uint8Array(buffer);
        return held.length === bytes.length && held.every(function (b, i) { return b === bytes[i]; });
    }

    var serverKey = keyBytes(form.dataset.key);
    function registration() {
        return navigator.serviceWorker.getRegistration().then(function (found) { return found ? navigator.serviceWorker.ready : Promise.reject(new Error("failed")); });
    }

    // Which listed device is this one; the button shows when this browser has none on the server.
    registration().then(function (r) { return r.pushManager.getSubscription(); }).then(function (subscription) {
        var here = null;
        document.querySelectorAll("[data-endpoint]").forEach(function (item) {
            if (subscription && item.dataset.endpoint === subscription.endpoint) {
                here = item;
            }
        });
        if (here) {
            here.dataset.thisDevice = "true";
            here.querySelector(".this-device").hidden = false;
        } else {
            form.hidden = false;
            if (Notification.permission === "denied") {
                say(form.dataset.blocked);
            }
        }
    }).catch(function () { form.hidden = false; });

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        button.disabled = true;
        say(form.dataset.asking);
        Notification.requestPermission().then(function (permission) {
            if (permission !== "granted") {
                throw new Error(permission === "denied" ? "blocked" : "dismissed");
            }
            return registration();
        }).then(function (r) {
            return r.pushManager.getSubscription().then(function (held) {
                if (held && sameKey(held.options.applicationServerKey, serverKey)) {
                    return held;
                }
                // None, or one made against another server key: a new one.
                return (held ? held.unsubscribe() : Promise.resolve()).then(function () {
                    return r.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
                });
            });
        }).then(function (subscription) {
            var json = subscription.toJSON();
            form.elements.Endpoint.value = json.endpoint;
            form.elements.P256dh.value = json.keys.p256dh;
            form.elements.Auth.value = json.keys.auth;
            form.submit();
        }).catch(function (error) {
            button.disabled = false;
            say(error && error.message === "blocked" ? form.dataset.blocked : error && error.message === "dismissed" ? form.dataset.dismissed : form.dataset.failed);
        });
    });

    document.querySelectorAll("form.push-off").forEach(function (off) {
        off.addEventListener("submit", function (event) {
            var item = off.closest("[data-endpoint]");
            if (!item || item.dataset.thisDevice !== "true") {
                return;
            }
            event.preventDefault();
            registration().then(function (r) { return r.pushManager.getSubscription(); })
                .then(function (subscription) { return subscription ? subscription.unsubscribe() : null; })
                .catch(function () { /* the server forgets it all the same */ })
                .then(function () { off.submit(); });
        });
    });
})();
