// A page of a right-to-left edition is edited right to left (newsroom/forms.py).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("page-edit-form");
  if (!form || !form.querySelector('[data-edition-dir="rtl"]')) return;
  form.querySelectorAll('[role="tabpanel"]').forEach((panel) => panel.setAttribute("dir", "rtl"));
});
