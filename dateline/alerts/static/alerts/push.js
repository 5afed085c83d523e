// Breaking alerts (dateline/alerts): loaded by the edition's service worker
// (dateline/offline/worker.py) to show the pushes the site sends.
// A push is JSON: {title, body, url, tag, lang, dir}.
self.addEventListener("push", (event) => {
  let alert = {};
  try {
    alert = event.data ? event.data.json() : {};
  } catch {
    alert = { title: event.data.text() };
  }
  const scope = self.registration.scope;
  event.waitUntil(self.registration.showNotification(alert.title || new URL(scope).host, {
    body: alert.body || "",
    data: { url: alert.url || scope },
    tag: alert.tag || "",
    lang: alert.lang || "",
    dir: ["ltr", "rtl"].includes(alert.dir) ? alert.dir : "auto",
  }));
});

// Opens the story, or brings forward the tab that shows it. Only addresses on
// this site: anything else opens the edition's front page.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const scope = new URL(self.registration.scope);
  let target = scope;
  try {
    target = new URL((event.notification.data || {}).url || scope.href, scope.href);
  } catch {
    target = scope;
  }
  if (target.origin !== scope.origin) target = scope;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => client.url === target.href);
    if (open) return open.focus();
    return self.clients.openWindow(target.href);
  })());
});
