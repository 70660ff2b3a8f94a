/* Vigil field-report envelope, version 1 (the same as vigil/security/envelope.py).
   WebCrypto only: an ephemeral ECDH P-256 key per report, HKDF-SHA256 (random salt, info
   "vigil-inbox v1 <kid>") to an AES-256-GCM key; the associated data binds key id,
   invitation and report id, so a ciphertext moved or changed does not open. */
"use strict";
(function () {
  const enc = new TextEncoder();

  function b64url(bytes) {
    const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    let s = "";
    for (let i = 0; i < u8.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
    }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unb64url(text) {
    const s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function b64(bytes) {  /* standard base64, for files inside the report */
    const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    let s = "";
    for (let i = 0; i < u8.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
    }
    return btoa(s);
  }

  function randomId() {
    return b64url(crypto.getRandomValues(new Uint8Array(16)));
  }

  async function seal(publicKeyB64, kid, inviteId, report) {
    const subtle = crypto.subtle;
    const orgKey = await subtle.importKey(
      "raw", unb64url(publicKeyB64), { name: "ECDH", namedCurve: "P-256" }, false, []);
    const eph = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
    const shared = await subtle.deriveBits({ name: "ECDH", public: orgKey }, eph.privateKey, 256);
    const hkdf = await subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const key = await subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: salt, info: enc.encode("vigil-inbox v1 " + kid) },
      hkdf, { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
    const rid = randomId();
    const aad = enc.encode("vigil-inbox v1|" + kid + "|" + inviteId + "|" + rid);
    const ct = await subtle.encrypt(
      { name: "AES-GCM", iv: iv, additionalData: aad }, key, enc.encode(JSON.stringify(report)));
    const epk = await subtle.exportKey("raw", eph.publicKey);
    return {
      v: 1, kid: kid, inv: inviteId, rid: rid,
      epk: b64url(epk), salt: b64url(salt), iv: b64url(iv), ct: b64url(ct),
    };
  }

  window.VigilEnvelope = { seal: seal, b64: b64, b64url: b64url, unb64url: unb64url };
})();
