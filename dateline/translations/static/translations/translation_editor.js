// wagtail-localize's "Upload PO file" field has no name of its own: it is named
// by the sentence above it, in the panel its React editor draws after load.
(() => {
  const name = () => {
    // One in each of the editor's tabs.
    const inputs = document.querySelectorAll('form[action$="/pofile/upload/"] input[type="file"]');
    inputs.forEach((input, index) => {
      if (input.hasAttribute("aria-labelledby")) return;
      const text = input.closest(".w-tabs__panel")?.querySelector("p");
      if (!text) return;
      text.id ||= `translation-po-upload-label-${index}`;
      input.setAttribute("aria-labelledby", text.id);
    });
  };
  name();
  // Kept on: the editor may draw the field again.
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
})();
