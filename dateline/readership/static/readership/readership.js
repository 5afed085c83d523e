// Readership without trackers (dateline/readership). Progressive extras only.
//
// 1. On an article, one beacon when the page is actually shown to someone
//    (not while prerendered or in a background tab): the page id and, when
//    the reader came from another site, that site's host name. No cookie, no
//    identifier, nothing kept in the browser.
// 2. The "Most read" list: the page shows it as it was when the page was
//    rendered; this swaps in the list's current copy (a small, briefly
//    cached fragment).
(() => {
  "use strict";

  const article = document.querySelector("[data-readership-page]");
  if (article && navigator.sendBeacon) {
    let sent = false;
    const send = () => {
      if (sent || document.visibilityState !== "visible" || document.prerendering) return;
      sent = true;
      document.removeEventListener("visibilitychange", send);
      document.removeEventListener("prerenderingchange", send);
      let host = "";
      try {
        const from = document.referrer ? new URL(document.referrer).hostname : "";
        if (from && from !== location.hostname) host = from;
      } catch {
        host = "";
      }
      navigator.sendBeacon("/_r", `${article.dataset.readershipPage}\n${host}`);
    };
    document.addEventListener("visibilitychange", send);
    document.addEventListener("prerenderingchange", send);
    send();
  }

  const slot = document.querySelector("[data-most-read]");
  if (slot && window.fetch) {
    fetch(slot.dataset.mostRead, { credentials: "omit" })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (!html) return;
        const fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-most-read]");
        if (fresh && fresh.innerHTML !== slot.innerHTML) {
          slot.replaceChildren(...fresh.childNodes);
          slot.hidden = fresh.hidden;
        }
      })
      .catch(() => {});
  }
})();
