// Dateline's offline reading: this edition's front page and latest stories,
// kept for a reader who loses the connection (dateline/offline/pages.py).
// Pages come from the network first; the saved copy only when it fails.
const CONFIG = {{ config|safe }};
{% if imports %}
// What other features add to the edition's worker (dateline/offline/worker.py).
importScripts({{ imports|safe }});
{% endif %}
self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    if (self.registration.navigationPreload) {
      await self.registration.navigationPreload.enable();
    }
    const scope = CONFIG.cache.slice(CONFIG.cache.indexOf(" "));
    for (const name of await caches.keys()) {
      if (name.endsWith(scope) && name !== CONFIG.cache) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The site script asks on each page it shows: the list itself is HTTP-cached
// for a minute, and only what changed since the last save is fetched again.
let saving = null;
self.addEventListener("message", (event) => {
  if (event.data !== "save") return;
  saving = saving || save().catch(() => {}).finally(() => { saving = null; });
  event.waitUntil(saving);
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (new URL(request.url).pathname.startsWith(CONFIG.static)) {
    event.respondWith(fetch(request).catch((error) => saved(request, error)));
  }
});

async function page(event) {
  // The browser knows it is offline: the saved copy, with its note, rather
  // than whatever its HTTP cache still holds (for a minute) without one.
  if (!self.navigator.onLine) {
    const copy = await saved(event.request, null).catch(() => null);
    if (copy) {
      event.waitUntil(Promise.resolve(event.preloadResponse).catch(() => {}));
      return offlineCopy(copy);
    }
  }
  try {
    return (await event.preloadResponse) || (await fetch(event.request));
  } catch (error) {
    return offlineCopy(await saved(event.request, error));
  }
}

async function saved(request, error) {
  const cache = await caches.open(CONFIG.cache);
  const copy = await cache.match(request, { ignoreVary: true });
  if (!copy) throw error;
  return copy;
}

// Only what any reader would get, and that a shared cache may keep: never an
// answer that set a cookie, was private or came through a redirect.
function storable(response) {
  const control = response.headers.get("Cache-Control") || "";
  return response.status === 200 && response.type === "basic" && !response.redirected &&
    /\bpublic\b/.test(control) && !/private|no-store|no-cache/.test(control);
}

async function save() {
  // A reader saving data does not pay for pages they did not open.
  if (self.navigator.connection && self.navigator.connection.saveData) return;
  const answer = await fetch(CONFIG.list, { credentials: "omit" });
  if (!storable(answer)) return;
  const list = await answer.json();
  const cache = await caches.open(CONFIG.cache);
  const listed = await cache.match(CONFIG.list);
  if (listed && (await listed.json()).version === list.version) return;
  const keep = new Set();
  let bytes = 0;
  for (const { url, stamp } of [list.front, ...list.stories, ...list.assets]) {
    const href = new URL(url, self.location.href).href;
    let copy = await cache.match(href);
    let fresh = false;
    if (!copy || copy.headers.get("Dateline-Stamp") !== stamp) {
      // Cookies left out: the copy kept is the public page, whoever reads.
      const response = await fetch(href, { credentials: "omit", cache: "no-store" });
      if (!storable(response)) continue;
      const body = await response.arrayBuffer();
      const headers = new Headers(response.headers);
      headers.delete("Content-Encoding");
      headers.delete("Content-Length");
      headers.set("Dateline-Stamp", stamp);
      headers.set("Dateline-Saved", String(Date.now()));
      headers.set("Dateline-Bytes", String(body.byteLength));
      copy = new Response(body, { status: 200, headers });
      fresh = true;
    }
    const size = Number(copy.headers.get("Dateline-Bytes"));
    if (bytes + size > list.budget) continue;
    bytes += size;
    keep.add(href);
    if (fresh) await cache.put(href, copy);
  }
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
  // Last: a save cut short (the connection lost) is taken up again next time.
  await cache.put(CONFIG.list, new Response(JSON.stringify(list), {
    headers: { "Content-Type": "application/json", "Dateline-Bytes": String(bytes) },
  }));
}

async function offlineCopy(copy) {
  const when = new Date(Number(copy.headers.get("Dateline-Saved")));
  const today = when.toDateString() === new Date().toDateString();
  const format = new Intl.DateTimeFormat(CONFIG.language, today
    ? { hour: "2-digit", minute: "2-digit" }
    : { dateStyle: "medium", timeStyle: "short" });
  const time = `<time datetime="${when.toISOString()}">${format.format(when)}</time>`;
  const [before, after] = escape(CONFIG.note).split("{time}");
  const note = `<p class="offline-note" role="status">${before}${time}${after ?? ""}</p>`;
  const html = (await copy.text()).replace(/<main\b[^>]*>/, (main) => main + note);
  return new Response(html, { status: 200, headers: copy.headers });
}

function escape(text) {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
