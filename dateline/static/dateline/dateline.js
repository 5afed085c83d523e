// Progressive extras only: every page reads fine without this file.
document.querySelectorAll("button.copy-link").forEach((button) => {
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.url);
      button.textContent = button.dataset.done || "Link copied";
    } catch {
      window.prompt(label, button.dataset.url);
      return;
    }
    setTimeout(() => { button.textContent = label; }, 3000);
  });
});

// Offline reading: the edition's service worker keeps its front page and
// latest stories; each page shown online asks it to bring them up to date,
// a few seconds after it has loaded, so saving does not compete with it.
const offlineWorker = document.documentElement.dataset.offlineWorker;
if (offlineWorker && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(offlineWorker)
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        setTimeout(() => registration.active?.postMessage("save"), 5000);
      })
      .catch(() => {});
  });
}
