/* The local queue of reports, in IndexedDB, holding ciphertext only.

   Each entry is the report's envelope (already encrypted to the organisation) encrypted once
   more with a queue key (AES-256-GCM). The queue key is kept as it is, or, once the reporter
   sets a passphrase, only wrapped by a key derived from it (PBKDF2-SHA256, 600,000 rounds):
   then nobody can list or send the queue without the passphrase. Sent entries keep only
   their id, time and state. */
"use strict";
(function () {
  const DB = "vigil-inbox";
  const ROUNDS = 600000;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  let db = null;
  let queueKey = null;

  function request(r) {
    return new Promise(function (resolve, reject) {
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }

  async function open() {
    if (db) return db;
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = function () {
      r.result.createObjectStore("reports", { keyPath: "rid" });
      r.result.createObjectStore("meta");
    };
    db = await request(r);
    return db;
  }

  function store(name, mode) {
    return db.transaction(name, mode).objectStore(name);
  }

  async function getMeta(key) { await open(); return request(store("meta", "readonly").get(key)); }
  async function putMeta(key, value) { await open(); return request(store("meta", "readwrite").put(value, key)); }

  async function passKey(passphrase, salt) {
    const base = await crypto.subtle.importKey("raw", enc.encode(passphrase), "PBKDF2", false, ["deriveKey"]);
    return crypto.subtle.deriveKey(
      { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: ROUNDS },
      base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  }

  async function importQueueKey(raw) {
    return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  }

  /* "locked" when a passphrase is needed, else "open" (a first visit makes the key). */
  async function start() {
    const meta = await getMeta("key");
    if (meta && meta.kind === "locked") return "locked";
    let raw;
    if (meta && meta.kind === "plain") {
      raw = meta.raw;
    } else {
      raw = crypto.getRandomValues(new Uint8Array(32));
      await putMeta("key", { kind: "plain", raw: raw });
    }
    queueKey = await importQueueKey(raw);
    return "open";
  }

  async function unlock(passphrase) {
    const meta = await getMeta("key");
    const k = await passKey(passphrase, meta.salt);
    let raw;
    try {
      raw = await crypto.subtle.decrypt({ name: "AES-GCM", iv: meta.iv }, k, meta.wrapped);
    } catch (e) {
      return false;
    }
    queueKey = await importQueueKey(raw);
    return true;
  }

  async function lock(passphrase) {
    const meta = await getMeta("key");
    if (!meta || meta.kind !== "plain") throw new Error("the queue is not open");
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const k = await passKey(passphrase, salt);
    const wrapped = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, k, meta.raw);
    await putMeta("key", { kind: "locked", salt: salt, iv: iv, wrapped: wrapped });
  }

  async function add(envelope) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const box = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv: iv }, queueKey, enc.encode(JSON.stringify(envelope)));
    await open();
    await request(store("reports", "readwrite").put(
      { rid: envelope.rid, status: "queued", created: Date.now(), iv: iv, box: box }));
  }

  async function list() {
    await open();
    const all = await request(store("reports", "readonly").getAll());
    return all.sort(function (a, b) { return a.created - b.created; })
      .map(function (e) { return { rid: e.rid, status: e.status, created: e.created }; });
  }

  async function envelopeOf(rid) {
    await open();
    const e = await request(store("reports", "readonly").get(rid));
    if (!e || !e.box) return null;
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: e.iv }, queueKey, e.box);
    return dec.decode(plain);
  }

  async function mark(rid, status) {
    await open();
    const e = await request(store("reports", "readonly").get(rid));
    if (!e) return;
    e.status = status;
    if (status === "sent") { delete e.box; delete e.iv; }
    await request(store("reports", "readwrite").put(e));
  }

  async function forgetSent() {
    const all = await list();
    await open();
    for (const e of all) {
      if (e.status === "sent") await request(store("reports", "readwrite").delete(e.rid));
    }
  }

  window.VigilQueue = {
    start: start, unlock: unlock, lock: lock, add: add, list: list,
    envelopeOf: envelopeOf, mark: mark, forgetSent: forgetSent,
  };
})();
