// wagtail-localize's "Upload PO file" field has no name of its own: it is named
// by the sentence above it, in the panel its React editor draws after load.
(() => {
  const name = () => {
    const input = document.querySelector('.js-translation-editor input[type="file"]');
    if (!input || input.hasAttribute("aria-labelledby")) return;
    const text = input.closest(".w-tabs__panel")?.querySelector("p");
    if (!text) return;
    text.id ||= "translation-po-upload-label";
    input.setAttribute("aria-labelledby", text.id);
  };
  const editor = document.querySelector(".js-translation-editor");
  if (!editor) return;
  name();
  // Kept on: the editor may draw the field again.
  new MutationObserver(name).observe(editor, { childList: true, subtree: true });
})();
