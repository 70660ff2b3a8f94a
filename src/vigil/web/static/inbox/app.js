/* The report page: language, offline cache, encrypt-and-queue, sending with retries. */
"use strict";
(function () {
  const CACHE = "vigil-inbox-v1";
  const RETRY_MS = 30000;
  const main = document.getElementById("inbox");
  const cfg = main.dataset;
  const form = document.getElementById("report");
  const message = document.getElementById("message");
  let lang = localStorage.getItem("vigil-inbox-lang") || cfg.lang;
  let sending = false;

  function word(key) {
    const el = document.getElementById("w-" + key);
    return el ? el.dataset[lang] : key;
  }

  function say(key, isError) {
    message.textContent = word(key);
    message.dataset.key = key;
    message.className = "message" + (isError ? " error" : " ok");
  }

  function setLanguage(code) {
    lang = code;
    localStorage.setItem("vigil-inbox-lang", code);
    document.documentElement.lang = code;
    document.documentElement.dir = code === "fa" ? "rtl" : "ltr";
    document.querySelectorAll("[data-en][data-fa]").forEach(function (el) {
      if (el.closest("#words")) return;
      el.textContent = el.dataset[code];
    });
    if (message.dataset.key) message.textContent = word(message.dataset.key);
    showNetwork();
    render();
  }

  function showNetwork() {
    const net = document.getElementById("net");
    const state = navigator.onLine ? "online" : "offline";
    net.dataset.state = state;
    net.textContent = word(state);
  }

  async function cachePage() {
    /* The service worker caches the scripts; the page itself (this invitation's URL) is
       cached here so that it opens offline from the next visit. */
    if (!("serviceWorker" in navigator) || !("caches" in window)) return;
    try {
      await navigator.serviceWorker.register("/inbox/sw.js", { scope: "/inbox/" });
      await navigator.serviceWorker.ready;
      if (navigator.onLine) {
        const cache = await caches.open(CACHE);
        await cache.add(location.pathname);
      }
      document.body.dataset.offlineReady = "1";
    } catch (e) {
      document.body.dataset.offlineReady = "0";
    }
  }

  async function render() {
    const ul = document.getElementById("queue");
    if (document.getElementById("queue-box").hidden) return;
    const items = await VigilQueue.list();
    ul.textContent = "";
    items.forEach(function (e) {
      const li = document.createElement("li");
      li.className = "item " + e.status;
      li.dataset.status = e.status;
      li.dataset.rid = e.rid;
      const when = new Date(e.created).toLocaleString(lang === "fa" ? "fa-IR" : "en-GB");
      li.textContent = when + " · " + e.rid.slice(0, 6) + " · " + word(e.status);
      ul.appendChild(li);
    });
    document.getElementById("queue-empty").hidden = items.length > 0;
  }

  async function readFiles() {
    const input = document.getElementById("f-files");
    const files = Array.from(input.files || []);
    if (files.length > Number(cfg.maxFiles)) throw new Error("too_many");
    const out = [];
    for (const f of files) {
      if (f.size > Number(cfg.maxBytes)) throw new Error("too_big");
      const data = new Uint8Array(await f.arrayBuffer());
      out.push({ name: f.name, type: f.type, data: VigilEnvelope.b64(data) });
    }
    return out;
  }

  async function queueReport(event) {
    event.preventDefault();
    const fields = {};
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && value.trim()) fields[key] = value.trim();
    });
    if (!fields.name && !fields.given_name && !fields.family_name) return say("need_name", true);
    if (!fields.violation) return say("need_violation", true);
    let files;
    try {
      files = await readFiles();
    } catch (e) {
      return say(e.message === "too_many" ? "too_many" : "too_big", true);
    }
    const envelope = await VigilEnvelope.seal(
      cfg.pub, cfg.kid, cfg.invite, { fields: fields, files: files });
    await VigilQueue.add(envelope);
    form.reset();
    say("saved", false);
    await render();
    sendQueued();
  }

  async function sendQueued() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      for (const e of await VigilQueue.list()) {
        if (e.status !== "queued") continue;
        const body = await VigilQueue.envelopeOf(e.rid);
        if (!body) continue;
        let r;
        try {
          r = await fetch("/inbox/submit", {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Vigil-Invite": cfg.token },
            body: body,
            credentials: "omit",
            cache: "no-store",
          });
        } catch (err) {
          break;  /* no network: try again later */
        }
        if (r.status === 201) {
          await VigilQueue.mark(e.rid, "sent");
        } else if (r.status === 409) {
          const answer = await r.json().catch(function () { return {}; });
          await VigilQueue.mark(e.rid, answer.same ? "sent" : "refused");
        } else if (r.status === 400 || r.status === 403) {
          await VigilQueue.mark(e.rid, "refused");
        } else {
          break;  /* rate limit or server trouble: later */
        }
        await render();
      }
    } finally {
      sending = false;
      await render();
    }
  }

  function opened() {
    document.getElementById("unlock").hidden = true;
    form.hidden = false;
    document.getElementById("queue-box").hidden = false;
    document.getElementById("lock-box").hidden = false;
    render();
    sendQueued();
  }

  async function start() {
    document.querySelectorAll("button.lang").forEach(function (b) {
      b.addEventListener("click", function () { setLanguage(b.dataset.lang); });
    });
    setLanguage(lang);
    window.addEventListener("online", function () { showNetwork(); sendQueued(); });
    window.addEventListener("offline", showNetwork);
    if (!window.crypto || !crypto.subtle || !window.indexedDB) return say("no_crypto", true);
    cachePage();
    form.addEventListener("submit", queueReport);
    document.getElementById("send-now").addEventListener("click", sendQueued);
    document.getElementById("forget-sent").addEventListener("click", async function () {
      await VigilQueue.forgetSent();
      render();
    });
    document.getElementById("unlock-form").addEventListener("submit", async function (ev) {
      ev.preventDefault();
      const input = document.getElementById("unlock-pass");
      if (await VigilQueue.unlock(input.value)) {
        input.value = "";
        message.textContent = "";
        opened();
      } else {
        say("wrong_passphrase", true);
      }
    });
    document.getElementById("lock-form").addEventListener("submit", async function (ev) {
      ev.preventDefault();
      const input = document.getElementById("lock-pass");
      if (input.value.length < 8) return say("short_passphrase", true);
      await VigilQueue.lock(input.value);
      input.value = "";
      say("lock_set", false);
    });
    setInterval(sendQueued, RETRY_MS);
    const state = await VigilQueue.start();
    if (state === "locked") {
      document.getElementById("unlock").hidden = false;
    } else {
      opened();
    }
    document.body.dataset.ready = "1";
  }

  start();
})();
