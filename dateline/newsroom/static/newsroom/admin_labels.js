// Accessible names for admin form controls Wagtail leaves unnamed (wagtail_hooks.py):
// - a StreamField child that is a single field (a summary or key point, a
//   subheading, a paragraph) is named by its block's label, shown in its header;
// - Draftail's text box and the tag widget's input are named by their field's
//   label, which Wagtail points at a hidden input;
// - the menu's search gets a name of its own, so that it is not one of two
//   unnamed search landmarks on a listing or the dashboard.
(() => {
  const { searchLabel } = document.currentScript.dataset;
  const CONTROLS =
    'textarea, select, [role="textbox"], ' +
    'input:not([type="hidden"], [type="submit"], [type="button"], [type="checkbox"], [type="radio"])';
  let made = 0;

  const idFor = (element) => {
    if (!element.id) {
      made += 1;
      element.id = `dateline-label-${made}`;
    }
    return element.id;
  };

  const isNamed = (control) =>
    control.hasAttribute("aria-label") ||
    control.hasAttribute("aria-labelledby") ||
    Boolean(control.title) ||
    Boolean(control.labels && control.labels.length);

  // The <label for> of a hidden input in the same field (Draftail, tags).
  const fieldLabel = (control) => {
    const field = control.closest("[data-field-input]");
    if (!field) return null;
    for (const input of field.querySelectorAll("input[id], textarea[id]")) {
      if (input === control || input.closest("[data-field-input]") !== field) continue;
      const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
      if (label && label.textContent.trim()) return label;
    }
    return null;
  };

  // The label of the innermost block with one (a ListBlock's items have none),
  // else the heading of the StreamField's panel.
  const blockLabel = (control) => {
    let child = control.closest("[data-streamfield-child]");
    if (!child) return null;
    while (child) {
      const own = child;
      const type = [...own.querySelectorAll(".c-sf-block__type")].find(
        (element) => element.closest("[data-streamfield-child]") === own,
      );
      if (type && type.textContent.trim()) return type;
      child = own.parentElement.closest("[data-streamfield-child]");
    }
    const panel = control.closest(".w-field--block_field")?.closest("section.w-panel");
    return panel?.querySelector("[data-panel-heading-text]") || null;
  };

  const nameControls = (root) => {
    const controls = root.matches(CONTROLS) ? [root] : root.querySelectorAll(CONTROLS);
    controls.forEach((control) => {
      if (isNamed(control)) return;
      const label = fieldLabel(control) || blockLabel(control);
      if (label) control.setAttribute("aria-labelledby", idFor(label));
    });
  };

  const nameMenuSearch = () => {
    const search = document.querySelector('#wagtail-sidebar form[role="search"]');
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", searchLabel);
  };

  // Blocks added in the editor, Draftail and the menu are drawn after load.
  const observer = new MutationObserver((mutations) => {
    nameMenuSearch();
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        // Typing in a rich text box changes its contents: nothing to name there.
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        if (node.parentElement?.closest('[contenteditable="true"]')) continue;
        nameControls(node);
      }
    }
  });

  const start = () => {
    nameMenuSearch();
    nameControls(document.body);
    observer.observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
