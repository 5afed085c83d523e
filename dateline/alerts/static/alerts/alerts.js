// The "Get alerts" button (dateline/site/templates/includes/alerts.html).
// Nothing happens until the reader clicks: then the browser asks for
// permission, the edition's service worker subscribes with the site's key,
// and the subscription is sent to /<lang>/alerts/subscribe/. Its words come
// from the template's data- attributes, in the edition's language.
(() => {
  const box = document.querySelector(".alerts[data-alerts]");
  if (!box) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window)) return;
  const button = box.querySelector("button");
  const status = box.querySelector(".alerts-status");
  const words = box.dataset;
  let subscription = null;

  const say = (message) => { status.textContent = message; };
  const show = (on) => {
    button.textContent = on ? words.stop : words.start;
    button.setAttribute("aria-pressed", on ? "true" : "false");
  };

  function keyBytes(text) {
    const base64 = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function sameKey(existing, key) {
    const current = existing.options && existing.options.applicationServerKey;
    if (!current) return true;
    const bytes = new Uint8Array(current);
    return bytes.length === key.length && bytes.every((b, i) => b === key[i]);
  }

  // Uncached: a CSRF token for this browser and the site's public key.
  async function settings() {
    const answer = await fetch(words.alerts, { credentials: "same-origin", cache: "no-store" });
    if (!answer.ok) throw new Error(`alerts: ${answer.status}`);
    return answer.json();
  }

  async function post(url, token, body) {
    const answer = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body),
    });
    if (!answer.ok) throw new Error(`alerts: ${answer.status}`);
  }

  async function switchOn() {
    say(words.asking);
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      say(permission === "denied" ? words.denied : words.dismissed);
      return;
    }
    const site = await settings();
    await navigator.serviceWorker.register(words.worker);
    const registration = await navigator.serviceWorker.ready;
    const key = keyBytes(site.publicKey);
    let existing = await registration.pushManager.getSubscription();
    if (existing && !sameKey(existing, key)) {
      await existing.unsubscribe();
      existing = null;
    }
    subscription = existing || await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: key,
    });
    await post(site.subscribe, site.csrfToken, subscription.toJSON());
    show(true);
    say(words.on);
  }

  async function switchOff() {
    const site = await settings();
    const { endpoint } = subscription;
    await subscription.unsubscribe();
    subscription = null;
    await post(site.unsubscribe, site.csrfToken, { endpoint });
    show(false);
    say(words.off);
  }

  button.addEventListener("click", async () => {
    if (button.disabled) return;
    button.disabled = true;
    try {
      await (subscription ? switchOff() : switchOn());
    } catch (error) {
      say(words.failed);
    } finally {
      button.disabled = false;
    }
  });

  // Already subscribed in this browser? Asking costs no prompt.
  (async () => {
    if (Notification.permission === "granted") {
      const registration = await navigator.serviceWorker.getRegistration(words.worker);
      subscription = registration ? await registration.pushManager.getSubscription() : null;
    }
  })().catch(() => {}).finally(() => {
    show(Boolean(subscription));
    box.hidden = false;
  });
})();
