// The moderation queue by keyboard: j/k move between comments, a/r/s approve,
// reject or mark spam the current one, which then leaves the list; the forms
// work the same without this script.
(function () {
  "use strict";
  var queue = document.querySelector("[data-queue]");
  if (!queue) return;
  var status = queue.querySelector("[data-status]");
  var count = queue.querySelector("[data-count]");
  var left = queue.querySelectorAll(".mod-item").length;

  function items() { return Array.prototype.slice.call(queue.querySelectorAll(".mod-item")); }
  function current() { return queue.querySelector(".mod-item.is-current"); }
  function select(item) {
    var was = current();
    if (was) was.classList.remove("is-current");
    if (!item) return;
    item.classList.add("is-current");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var all = items();
    var at = all.indexOf(current());
    select(all[Math.min(Math.max(at + step, 0), all.length - 1)] || all[0]);
  }

  function send(form) {
    var item = form.closest(".mod-item");
    if (!item || item.dataset.busy) return;
    item.dataset.busy = "1";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
    }).then(function (result) {
      status.textContent = result.answer.message;
      if (!result.ok) { delete item.dataset.busy; return; }
      var all = items();
      var next = all[all.indexOf(item) + 1] || all[all.indexOf(item) - 1];
      var wasCurrent = item.classList.contains("is-current");
      item.remove();
      left -= 1;
      count.textContent = count.textContent.replace(/\d+/, String(Math.max(left, 0)));
      if (wasCurrent) select(next);
      if (!items().length) window.location.reload();  // the next page of the queue
    }).catch(function () {
      delete item.dataset.busy;
      form.submit();  // no network answer: the plain form
    });
  }

  queue.addEventListener("submit", function (event) {
    event.preventDefault();
    send(event.target);
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var key = event.key;
    if (key === "j") { move(1); event.preventDefault(); return; }
    if (key === "k") { move(-1); event.preventDefault(); return; }
    if (key !== "a" && key !== "r" && key !== "s") return;
    var item = current();
    if (!item) return;
    var form = item.querySelector('form[data-action="' + key + '"]');
    if (form) { event.preventDefault(); send(form); }
  });
  select(items()[0]);
})();
