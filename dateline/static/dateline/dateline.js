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
