// Developing stories: the breaking-news banner on every page and new entries on
// an open live blog. Pages are cached and shared, so both ask small, briefly
// cached endpoints that answer every reader alike, and answer 304 when nothing
// changed. Without this script the banner is as fresh as the page and a live
// blog updates on reload.
(() => {
  "use strict";
  if (!window.fetch) return;

  function every(seconds, task) {
    // Ask again only while the page is visible (catching up as soon as it is),
    // and never twice at once.
    let timer = 0;
    let busy = false;
    const run = () => {
      clearTimeout(timer);
      if (document.hidden || busy) return;
      busy = true;
      Promise.resolve(task()).finally(() => {
        busy = false;
        clearTimeout(timer);
        timer = setTimeout(run, seconds() * 1000);
      });
    };
    document.addEventListener("visibilitychange", () => document.hidden || run());
    run();
    return run;
  }

  const json = (response) => {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  };

  // --- Breaking news ---------------------------------------------------------
  const banner = document.getElementById("breaking");
  const slot = banner && banner.querySelector(".breaking-text");
  let expiry = 0;

  // Shows the banner the server sent; true if the reader sees something new.
  function show(data) {
    if (!banner) return false;
    clearTimeout(expiry);
    const left = data && data.id ? data.expires - Date.now() : 0;
    if (left <= 0) {
      const was = !banner.hidden;
      banner.hidden = true;
      return was;
    }
    const changed = banner.hidden || banner.dataset.id !== String(data.id) || slot.textContent !== data.text;
    if (banner.dataset.id !== String(data.id) || slot.textContent !== data.text) {
      const text = document.createTextNode(data.text);
      let content = text;
      if (data.url) {
        content = document.createElement("a");
        content.href = data.url;
        content.append(text);
      }
      slot.replaceChildren(content);
      banner.dataset.id = data.id;
    }
    banner.hidden = false;
    expiry = setTimeout(() => { banner.hidden = true; }, Math.min(left, 2147483647));
    return changed;
  }

  const askBanner = () => fetch(banner.dataset.src).then(json).then(show);

  if (banner && banner.dataset.src) {
    // A cached page may carry a banner that has expired since.
    if (!banner.hidden) show({ id: banner.dataset.id, text: slot.textContent, expires: Number(banner.dataset.expires) });
  }

  const list = document.getElementById("entries");
  if (!list || !list.dataset.src) {
    if (banner && banner.dataset.src) every(() => 15, () => askBanner().catch(() => {}));
    return;
  }

  // --- Live blog -------------------------------------------------------------
  // One poll brings the entries and the banner. It asks every `poll` seconds
  // for `busy` polls after the page opens or shows news, then waits a quarter
  // longer each time, up to `idle` seconds: a quiet tab costs a bare 304 a
  // minute.
  const controls = document.querySelector(".liveblog-controls");
  const pause = document.getElementById("liveblog-pause");
  const status = document.getElementById("liveblog-status");
  const fast = Number(list.dataset.poll);
  const slowest = Number(list.dataset.idle);
  const busyPolls = Number(list.dataset.busy);
  let since = list.dataset.since;
  let paused = false;
  let ended = false;
  let failures = 0;
  let quiet = 0; // polls since the last news

  const delay = () =>
    Math.min(fast * (failures ? 2 ** failures : 1.25 ** Math.max(quiet - busyPolls, 0)), slowest);

  // Pinned entries first, then newest first: the order the server renders.
  const before = (a, b) =>
    Number(b.dataset.pinned) - Number(a.dataset.pinned) ||
    Number(b.dataset.published) - Number(a.dataset.published) ||
    Number(b.dataset.id) - Number(a.dataset.id);

  function place(entry) {
    const shown = [...list.querySelectorAll(":scope > .entry")];
    const next = shown.find((other) => before(entry, other) < 0);
    if (next) list.insertBefore(entry, next);
    else list.append(entry);
  }

  // Shows what changed; the number of entries that changed on the page.
  function apply(changes) {
    let added = 0;
    let changed = 0;
    for (const change of changes) {
      const old = document.getElementById(`entry-${change.id}`);
      if (change.hidden) {
        if (old) {
          old.remove();
          changed += 1;
        }
        continue;
      }
      if (old && old.dataset.version === String(change.version)) continue;
      const template = document.createElement("template");
      template.innerHTML = change.html;
      const entry = template.content.firstElementChild;
      if (!entry) continue;
      if (!old) {
        // Older than everything on this page: it belongs on a later page.
        const shown = list.querySelectorAll(":scope > .entry");
        const last = shown[shown.length - 1];
        if (last && !change.pinned && before(entry, last) > 0) continue;
        entry.classList.add("is-new");
        added += 1;
      } else {
        old.remove();
      }
      place(entry);
      changed += 1;
    }
    if (added) {
      list.querySelector(".no-entries")?.remove();
      say(added === 1 ? status.dataset.newOne : status.dataset.newMany.replace("%(n)s", added));
    }
    return changed;
  }

  function say(message) {
    status.textContent = message;
  }

  function news() {
    if (paused || ended) return banner && banner.dataset.src ? askBanner() : false;
    return fetch(`${list.dataset.src}?since=${since}`)
      .then(json)
      .then((data) => {
        const changed = apply(data.entries) + show(data.banner);
        since = String(data.cursor);
        if (data.page > Number(list.dataset.pageVersion) || data.more) say(status.dataset.reload);
        if (!data.open) {
          ended = true;
          say(status.dataset.ended);
          controls.hidden = true;
        }
        return changed > 0;
      });
  }

  function poll() {
    return Promise.resolve(news())
      .then((changed) => {
        failures = 0;
        quiet = changed ? 0 : quiet + 1;
      })
      .catch(() => { failures += 1; });
  }

  controls.hidden = false;
  const again = every(delay, poll);
  pause.addEventListener("click", () => {
    paused = !paused;
    pause.setAttribute("aria-pressed", String(paused));
    pause.textContent = paused ? pause.dataset.resume : pause.dataset.pause;
    say(paused ? status.dataset.paused : "");
    if (!paused) {
      quiet = 0;
      again();
    }
  });
})();
