// The on-air marker beside the Live links. Pages are cached and shared, so the
// marker is not in their HTML: this asks when the channel is on air (a small,
// briefly cached list of times) and compares it with the reader's clock.
(() => {
  "use strict";
  const nav = document.querySelector(".live-nav[data-on-air]");
  const marker = nav && nav.querySelector(".on-air-marker");
  if (!marker || !window.fetch) return;
  const links = nav.querySelectorAll("a");
  let timer = 0;

  function show(spans) {
    const now = Date.now();
    const on = spans.some(([start, end]) => start <= now && now < end);
    marker.hidden = !on;
    nav.classList.toggle("is-on-air", on);
    // Screen readers hear "On air" with each link, only while it is true.
    links.forEach((link) => {
      if (on) link.setAttribute("aria-describedby", marker.id);
      else link.removeAttribute("aria-describedby");
    });
    // Flip again at the next start or end if the page stays open.
    const next = Math.min(...spans.flat().filter((time) => time > now));
    clearTimeout(timer);
    if (Number.isFinite(next)) timer = setTimeout(() => show(spans), Math.min(next - now + 500, 2147483647));
  }

  fetch(nav.dataset.onAir)
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => data && show(data.on))
    .catch(() => {});
})();
